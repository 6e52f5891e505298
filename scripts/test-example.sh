#!/usr/bin/env bash
# Runs `terraform test` on a module against the mock Control Plane: the
# pattern for testing your own HCL offline in CI (copy it).
#
# Usage: scripts/test-example.sh [MODULE_DIR]   (default: examples/testing)
#
# terraform test has no hooks to start a service, so this script
#   1. builds the provider and the mock (cmd/mockapi) into a temporary directory,
#   2. starts the mock on a free loopback port (-url-file tells it which),
#   3. points the provider at it (LANGSMITH_CONTROL_PLANE_URL, LANGSMITH_API_KEY,
#      LANGSMITH_WORKSPACE_ID) and at the fresh binary (dev_overrides; no
#      terraform init),
#   4. runs terraform test in a copy of the module, and
#   5. stops the mock, also when the tests fail.
# TF_VERSION (default 1.16.4) picks the terraform in bin/, built when missing;
# TF_PATH overrides it with any terraform or tofu binary.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
module=${1:-$root/examples/testing}
module=$(cd "$module" && pwd)
TF_VERSION=${TF_VERSION:-1.16.4}
API_KEY=test-key
# Every request names this workspace (X-Tenant-Id), as with an
# organization-scoped key; the mock keeps state per workspace.
WORKSPACE_ID=${TEST_WORKSPACE_ID:-6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b}

die() { printf 'test-example: %s\n' "$*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/langsmith-test-example.XXXXXX")
mock_pid=""
cleanup() {
  local rc=$?
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$tmp/mock.log" ]; then
    echo "--- last lines of the mock API log ---" >&2
    tail -n 30 "$tmp/mock.log" >&2 || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tf=${TF_PATH:-}
if [ -z "$tf" ]; then
  tf=$("$root/scripts/install-cli.sh" terraform "$TF_VERSION" | tail -n 1)
fi
[ -x "$tf" ] || die "no terraform at '$tf'"

cd "$root"
mkdir -p "$tmp/plugins"
go build -o "$tmp/plugins/terraform-provider-langsmith" . || die "the provider does not build"
go build -o "$tmp/mockapi" ./cmd/mockapi || die "the mock API does not build"

# -free-names: a test that destroys and creates the same name again works
# even without delete_tracing_project.
"$tmp/mockapi" -addr 127.0.0.1:0 -api-key "$API_KEY" -url-file "$tmp/url" -free-names -log >"$tmp/mock.log" 2>&1 &
mock_pid=$!
url=""
for _ in $(seq 1 300); do # up to 30 s
  if [ -s "$tmp/url" ]; then
    url=$(tr -d '[:space:]' <"$tmp/url")
    break
  fi
  kill -0 "$mock_pid" 2>/dev/null || die "the mock API exited before it was ready"
  sleep 0.1
done
[ -n "$url" ] || die "the mock API did not write its URL within 30 s"
echo "test-example: mock Control Plane at $url"

cat >"$tmp/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/langsmith-terraform/langsmith" = "$tmp/plugins"
    "registry.opentofu.org/langsmith-terraform/langsmith" = "$tmp/plugins"
  }
  direct {}
}
EOF
cp -R "$module" "$tmp/module"

export TF_CLI_CONFIG_FILE="$tmp/terraformrc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
export LANGSMITH_API_KEY="$API_KEY"
export LANGSMITH_WORKSPACE_ID="$WORKSPACE_ID"
export LANGSMITH_CONTROL_PLANE_URL="$url"
unset LANGSMITH_ENDPOINT TF_WORKSPACE TF_DATA_DIR

color=()
[ -t 1 ] || color=(-no-color)
cd "$tmp/module"
echo "test-example: $("$tf" version | head -n 1) test in ${module#"$root"/}"
"$tf" test "${color[@]}"

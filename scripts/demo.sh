#!/usr/bin/env bash
# End-to-end demo of the LangSmith provider against the local mock API.
#
# Needs nothing but Go: installs terraform (TF_VERSION, default 1.16.4) into
# bin/ when missing, builds the provider and the mock API into a temporary
# directory, starts the mock on loopback and then walks through
#   1. terraform apply    (creates the deployment, waits for DEPLOYED)
#   2. terraform plan     (must show no changes)
#   3. terraform destroy  (deletes it)
#   4. terraform destroy  (again: must succeed, destroy is idempotent)
# The mock is stopped and the temporary directory removed on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TF_VERSION=${TF_VERSION:-1.16.4}
WORKSPACE_ID=${DEMO_WORKSPACE_ID:-6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b}
API_KEY=demo-key

say() { printf '\n==> %s\n' "$*"; }
ok() { printf -- '-> %s\n' "$*"; }
die() { printf '\nDEMO FAILED: %s\n' "$*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/langsmith-demo.XXXXXX")
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

cd "$root"

say "Preparing: terraform $TF_VERSION (built into bin/ from source the first time, which takes a few minutes)"
tf=$("$root/scripts/install-cli.sh" terraform "$TF_VERSION" | tail -n 1)
[ -x "$tf" ] || die "terraform $TF_VERSION is not installed at '$tf'"
ok "using $tf"

say "Preparing: building the provider and the mock LangSmith API"
mkdir -p "$tmp/plugins" "$tmp/work"
go build -o "$tmp/plugins/terraform-provider-langsmith" . || die "the provider does not build"
go build -o "$tmp/mockapi" ./cmd/mockapi || die "the mock API does not build"
ok "built into $tmp"

say "Preparing: starting the mock API on 127.0.0.1 (each revision step takes 300ms)"
"$tmp/mockapi" -addr 127.0.0.1:0 -api-key "$API_KEY" -url-file "$tmp/url" -step-delay 300ms \
  >"$tmp/mock.log" 2>&1 &
mock_pid=$!
url=""
for _ in $(seq 1 600); do # up to 60 s
  if [ -s "$tmp/url" ]; then
    url=$(tr -d '[:space:]' <"$tmp/url")
    case "$url" in http://*:[0-9]* | https://*:[0-9]*) break ;; esac
    url=""
  fi
  kill -0 "$mock_pid" 2>/dev/null || die "the mock API exited before it was ready"
  sleep 0.1
done
[ -n "$url" ] || die "the mock API did not write its URL to $tmp/url within 60 s"
ok "mock API listening at $url (pid $mock_pid)"

# Use the freshly built provider without `terraform init`.
cat >"$tmp/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/langsmith-terraform/langsmith" = "$tmp/plugins"
  }
  direct {}
}
EOF
cp "$root/examples/demo/main.tf" "$tmp/work/main.tf"

export TF_CLI_CONFIG_FILE="$tmp/terraformrc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export LANGSMITH_API_KEY="$API_KEY"
export LANGSMITH_WORKSPACE_ID="$WORKSPACE_ID"
export LANGSMITH_CONTROL_PLANE_URL="$url"
unset TF_WORKSPACE TF_DATA_DIR

color=()
[ -t 1 ] || color=(-no-color)
cd "$tmp/work"

say "Step 1/4: terraform apply creates the deployment and waits until its revision is DEPLOYED"
"$tf" apply -auto-approve "${color[@]}" || die "terraform apply failed"
ok "terraform output:"
"$tf" output "${color[@]}" || die "terraform output failed"
id=$("$tf" output -raw deployment_id) || die "no deployment_id output"
status=$("$tf" output -raw revision_status) || die "no revision_status output"
[ -n "$id" ] || die "the deployment id is empty"
[ "$status" = "DEPLOYED" ] || die "expected revision status DEPLOYED after apply, got '$status'"
ok "created deployment $id, revision status $status"

say "Step 2/4: terraform plan checks that the deployment matches the configuration (no changes expected)"
rc=0
"$tf" plan -detailed-exitcode "${color[@]}" || rc=$?
case "$rc" in
  0) ok "no changes: the real deployment matches main.tf" ;;
  2) die "terraform plan found changes right after apply (the provider is not idempotent)" ;;
  *) die "terraform plan failed (exit $rc)" ;;
esac

say "Step 3/4: terraform destroy deletes the deployment (and its tracing project)"
"$tf" destroy -auto-approve "${color[@]}" || die "terraform destroy failed"
left=$("$tf" state list) || die "terraform state list failed"
[ -z "$left" ] || die "resources still in the state after destroy: $left"
ok "deleted deployment $id; the state is empty"

say "Step 4/4: terraform destroy again must succeed too (destroy is idempotent)"
"$tf" destroy -auto-approve "${color[@]}" || die "the second terraform destroy failed"
ok "second destroy succeeded with nothing left to delete"

say "Demo finished: all 4 steps succeeded"

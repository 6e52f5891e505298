#!/usr/bin/env bash
# Install a Terraform-compatible CLI into bin/<name>-<version>/ by building it
# from source through the Go module proxy (no release downloads needed).
#
# Usage: scripts/install-cli.sh terraform|tofu VERSION
#
# Three recipes, by version:
#   terraform < 1.9, tofu < 1.7   `go install <module>@<version>`.
#   terraform >= 1.9              go install refuses the module (it has replace
#                                 directives), so the downloaded module is
#                                 copied to a writable directory, the nine
#                                 remote-state backends that live in modules of
#                                 their own (azure, consul, cos, gcs, kubernetes,
#                                 oci, oss, pg, s3) are cut out of
#                                 internal/backend/init/init.go and go.mod, and
#                                 the copy is built with -mod=mod. The local
#                                 backend, the one the tests use, stays.
#   tofu >= 1.7                   copied the same way and built with -mod=mod,
#                                 unpatched.
# The proxy serves terraform up to 1.16.4 by exact version although its version
# list stops at 1.13.3.
#
# Idempotent: does nothing when the binary is already there. Progress goes to
# stderr; the absolute path of the binary is the last line on stdout.
set -euo pipefail

usage() {
  echo "usage: $0 terraform|tofu VERSION   (e.g. $0 terraform 1.16.4)" >&2
  exit 2
}

[ $# -eq 2 ] || usage
name=$1
version=${2#v}

# version_ge A B: A >= B for dotted numeric versions.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

case "$name" in
  terraform)
    module="github.com/hashicorp/terraform"
    pkg="$module"
    ldflags="-X github.com/hashicorp/terraform/version.dev=no"
    recipe=install
    version_ge "$version" 1.9.0 && recipe=patched
    ;;
  tofu | opentofu)
    name=tofu
    module="github.com/opentofu/opentofu"
    pkg="$module/cmd/tofu"
    ldflags="-X github.com/opentofu/opentofu/version.dev=no"
    recipe=install
    version_ge "$version" 1.7.0 && recipe=copy
    ;;
  *) usage ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/bin/${name}-${version}"
bin="$dir/$name"

if [ -x "$bin" ]; then
  echo "install-cli: $name $version already installed at $bin" >&2
  echo "$bin"
  exit 0
fi

mkdir -p "$dir"
echo "install-cli: building $name $version ($recipe) into $dir (takes a few minutes on a cold Go cache)..." >&2
start=$(date +%s)
# Build into a temporary directory first so an interrupted build never leaves
# a half-written binary behind that the check above would accept.
tmp=$(mktemp -d "$dir/.build.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# cut_backends removes the backends with modules of their own from a writable
# copy of terraform's module.
cut_backends() {
  local src=$1 init="$1/internal/backend/init/init.go" b alias
  for b in azure consul cos gcs kubernetes oci oss pg s3; do
    # The import names the package with an alias (backendS3 ...); the map
    # entry under whatever key ("azurerm" for azure) calls alias.New.
    alias=$(sed -n -E "s/^[[:space:]]*([A-Za-z0-9_]+)[[:space:]]+\"github\.com\/hashicorp\/terraform\/internal\/backend\/remote-state\/${b}\"$/\1/p" "$init")
    [ -n "$alias" ] || { echo "install-cli: no import of the ${b} backend in $init" >&2; exit 1; }
    sed -i -E "/\"github\.com\/hashicorp\/terraform\/internal\/backend\/remote-state\/${b}\"$/d" "$init"
    sed -i -E "/[^A-Za-z0-9_]${alias}\.New\(/d" "$init"
    sed -i -E "/github\.com\/hashicorp\/terraform\/internal\/backend\/remote-state\/${b}([[:space:]]|$)/d" "$src/go.mod"
    if grep -n "${alias}\." "$init" >&2; then
      echo "install-cli: could not cut the ${b} backend out of $init" >&2
      exit 1
    fi
  done
}

# The CLIs are separate modules: run from outside this module so our go.mod
# (and any GOFLAGS such as -mod=vendor) does not interfere.
(
  cd "$tmp"
  case "$recipe" in
    install)
      GOBIN="$tmp" GOFLAGS=-buildvcs=false GO111MODULE=on \
        go install -ldflags "$ldflags" "${pkg}@v${version}"
      ;;
    patched | copy)
      modDir=$(GOFLAGS=-mod=mod go mod download -json "${module}@v${version}" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
      [ -d "$modDir" ] || { echo "install-cli: go mod download gave no directory for ${module}@v${version}" >&2; exit 1; }
      cp -R "$modDir" "$tmp/src"
      chmod -R u+w "$tmp/src"
      [ "$recipe" = patched ] && cut_backends "$tmp/src"
      target=.
      [ "$name" = tofu ] && target=./cmd/tofu
      (cd "$tmp/src" && GOFLAGS="-mod=mod -buildvcs=false" GOWORK=off GO111MODULE=on \
        go build -ldflags "$ldflags" -o "$tmp/$name" "$target")
      ;;
  esac
) 1>&2
mv -f "$tmp/$name" "$bin"
echo "install-cli: built $name $version in $(( $(date +%s) - start ))s" >&2
CHECKPOINT_DISABLE=1 "$bin" version >&2 || true
echo "$bin"

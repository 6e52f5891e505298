#!/usr/bin/env bash
# Install a Terraform-compatible CLI into bin/<name>-<version>/ by building it
# from source through the Go module proxy (no release downloads needed).
#
# Usage: scripts/install-cli.sh terraform|tofu VERSION
#
# Idempotent: does nothing when the binary is already there. Progress goes to
# stderr; the absolute path of the binary is the last line on stdout.
set -euo pipefail

usage() {
  echo "usage: $0 terraform|tofu VERSION   (e.g. $0 terraform 1.8.5)" >&2
  exit 2
}

[ $# -eq 2 ] || usage
name=$1
version=${2#v}

case "$name" in
  terraform)
    pkg="github.com/hashicorp/terraform@v${version}"
    ldflags="-X github.com/hashicorp/terraform/version.dev=no"
    ;;
  tofu | opentofu)
    name=tofu
    pkg="github.com/opentofu/opentofu/cmd/tofu@v${version}"
    ldflags="-X github.com/opentofu/opentofu/version.dev=no"
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
echo "install-cli: building $name $version from $pkg into $dir (takes a few minutes on a cold Go cache)..." >&2
start=$(date +%s)
# Build into a temporary GOBIN first so an interrupted build never leaves a
# half-written binary behind that the check above would accept.
tmp=$(mktemp -d "$dir/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The CLIs are separate modules: run from outside this module so our go.mod
# (and any GOFLAGS such as -mod=vendor) does not interfere.
(
  cd "$tmp"
  GOBIN="$tmp" GOFLAGS=-buildvcs=false GO111MODULE=on \
    go install -ldflags "$ldflags" "$pkg"
) 1>&2
mv -f "$tmp/$name" "$bin"
echo "install-cli: built $name $version in $(( $(date +%s) - start ))s" >&2
CHECKPOINT_DISABLE=1 "$bin" version >&2 || true
echo "$bin"

#!/usr/bin/env bash
# Install a Go-built development tool into bin/ when it is missing.
#
# Usage: scripts/install-tool.sh tfplugindocs|golangci-lint|goreleaser
#
# Versions are pinned here. Idempotent: does nothing when bin/<tool> exists.
# Progress goes to stderr; the absolute path of the binary is the last line on
# stdout.
set -euo pipefail

TFPLUGINDOCS_VERSION=v0.25.0
GOLANGCI_LINT_VERSION=v2.15.0
GORELEASER_VERSION=v2.15.1

[ $# -eq 1 ] || { echo "usage: $0 tfplugindocs|golangci-lint|goreleaser" >&2; exit 2; }
tool=$1

case "$tool" in
  tfplugindocs) pkg="github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@${TFPLUGINDOCS_VERSION}" ;;
  golangci-lint) pkg="github.com/golangci/golangci-lint/v2/cmd/golangci-lint@${GOLANGCI_LINT_VERSION}" ;;
  goreleaser) pkg="github.com/goreleaser/goreleaser/v2@${GORELEASER_VERSION}" ;;
  *) echo "install-tool: unknown tool '$tool'" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/bin/$tool"

if [ -x "$bin" ]; then
  echo "install-tool: $tool already installed at $bin" >&2
  echo "$bin"
  exit 0
fi

mkdir -p "$root/bin"
echo "install-tool: installing $pkg into $root/bin ..." >&2
start=$(date +%s)
tmp=$(mktemp -d "$root/bin/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(
  cd "$tmp"
  GOBIN="$tmp" GOFLAGS=-buildvcs=false GO111MODULE=on go install "$pkg"
) 1>&2
mv -f "$tmp/$tool" "$bin"
echo "install-tool: installed $tool in $(( $(date +%s) - start ))s" >&2
echo "$bin"

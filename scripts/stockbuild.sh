#!/usr/bin/env bash
# Build the binaries twice, into DIR/patched and DIR/stock: "patched" is this
# checkout (Bubble Tea from third_party/bubbletea through the replace in
# go.mod), "stock" a temporary copy of the same tree without the replace
# (Bubble Tea v2.1.1 as released; the stocktea tag leaves out what only the
# fork offers, tui.WithEscTimeout). The measurement scripts put the two side by
# side in one run (docs/PERFORMANCE.md, "Render on demand").
#
#   scripts/stockbuild.sh [DIR]        (default bin/ab)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-bin/ab}")
mkdir -p "$out/patched" "$out/stock"
pkgs=(./cmd/casewatch ./cmd/casesim ./scripts/minimaltea ./scripts/sshload ./scripts/alertload)
for p in "${pkgs[@]}"; do go build -o "$out/patched/" "$p"; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git ls-files -z | grep -zv '^third_party/' | xargs -0 cp --parents -t "$tmp"
# Uncommitted edits count too: copy the working tree's versions.
(cd "$tmp" && go mod edit -dropreplace charm.land/bubbletea/v2)
grep -q 'third_party/bubbletea' "$tmp/go.mod" && { echo "stock copy still replaces bubbletea" >&2; exit 1; }
(cd "$tmp" && for p in "${pkgs[@]}"; do go build -mod=mod -tags stocktea -o "$out/stock/" "$p"; done)
echo "built $out/patched and $out/stock: $(ls "$out/stock" | tr '\n' ' ')"

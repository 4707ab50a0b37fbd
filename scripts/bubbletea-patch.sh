#!/usr/bin/env bash
# Regenerate third_party/bubbletea/PATCH.diff (the carried fork against the
# upstream release named in third_party/README.md), or check it with --check:
# the fork must be exactly upstream + PATCH.diff (used by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
version=v2.1.1
upstream=$(go mod download -json "charm.land/bubbletea/v2@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$upstream" ] || { echo "upstream charm.land/bubbletea/v2@$version not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$upstream" "$tmp/upstream"
chmod -R u+w "$tmp/upstream"
# Files the fork does not carry (upstream's CI and release config).
rm -rf "$tmp/upstream/.github" "$tmp/upstream/.goreleaser.yml"
cp -r third_party/bubbletea "$tmp/fork"
rm -f "$tmp/fork/PATCH.diff"
# One diff, code before tests, with stable headers (no timestamps).
(
	cd "$tmp"
	files=$( (cd upstream && find . -type f; cd ../fork && find . -type f) | sed 's#^\./##' | sort -u)
	for f in $(echo "$files" | grep -v '_test\.go$'; echo "$files" | grep '_test\.go$'); do
		diff -uN "upstream/$f" "fork/$f" >one.diff && continue
		[ $? -eq 1 ] || exit 2
		echo "diff -uN upstream/$f fork/$f"
		sed -E '1,2s#^(---|\+\+\+) ([^\t]*).*#\1 \2#' one.diff
	done >PATCH.diff
)
if [ "${1:-}" = --check ]; then
	if ! cmp -s "$tmp/PATCH.diff" third_party/bubbletea/PATCH.diff; then
		echo "third_party/bubbletea differs from upstream $version + PATCH.diff; run scripts/bubbletea-patch.sh" >&2
		diff -u third_party/bubbletea/PATCH.diff "$tmp/PATCH.diff" | head -40 >&2
		exit 1
	fi
	echo "third_party/bubbletea = bubbletea $version + PATCH.diff"
else
	cp "$tmp/PATCH.diff" third_party/bubbletea/PATCH.diff
	echo "wrote third_party/bubbletea/PATCH.diff ($(grep -c '' third_party/bubbletea/PATCH.diff) lines)"
fi

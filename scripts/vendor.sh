#!/usr/bin/env bash
# Copy front-end packages from npm into quizapp/static/vendor/, so the app needs no CDN and no
# build step at run time. The result is committed; rerun this only to change a version.
#   bash scripts/vendor.sh
set -euo pipefail
cd "$(dirname "$0")/.."

FONT_VERSION=5.3.0     # @fontsource/noto-sans-devanagari
AXE_VERSION=4.14.1     # axe-core (used by the browser tests, served only from /static)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
  "@fontsource/noto-sans-devanagari@$FONT_VERSION" "axe-core@$AXE_VERSION")

dest=quizapp/static/vendor
rm -rf "$dest/noto-sans-devanagari" "$dest/axe-core"
mkdir -p "$dest/noto-sans-devanagari" "$dest/axe-core"

font="$work/node_modules/@fontsource/noto-sans-devanagari"
for weight in 400 600; do
  cp "$font/files/noto-sans-devanagari-devanagari-$weight-normal.woff2" "$dest/noto-sans-devanagari/"
done
cp "$font/LICENSE" "$dest/noto-sans-devanagari/LICENSE" 2>/dev/null || true
echo "@fontsource/noto-sans-devanagari $FONT_VERSION (devanagari subset, 400 and 600)" \
  > "$dest/noto-sans-devanagari/VERSION"

cp "$work/node_modules/axe-core/axe.min.js" "$work/node_modules/axe-core/LICENSE" "$dest/axe-core/"
echo "axe-core $AXE_VERSION" > "$dest/axe-core/VERSION"

ls -l "$dest"/*

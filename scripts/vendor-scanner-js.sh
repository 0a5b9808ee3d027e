#!/usr/bin/env bash
# Refreshes the browser libraries the door scanner serves from the Host (never a CDN): installs exactly what
# src/Modules/Scanning/npm/package-lock.json pins, in a throwaway folder, and copies the files the page loads into
# src/Modules/Scanning/wwwroot/scan/vendor/. The copies are committed, so a build needs no npm; run this after
# changing the lock file, and commit both.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source_dir="$root/src/Modules/Scanning/npm"
target="$root/src/Modules/Scanning/wwwroot/scan/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
mkdir -p "$target"
cp "$work/node_modules/jsqr/dist/jsQR.js" "$target/jsQR.js"
cp "$work/node_modules/jsqr/LICENSE" "$target/jsQR.LICENSE"
version="$(node -p "require('$work/node_modules/jsqr/package.json').version")"
echo "jsqr $version -> $target/jsQR.js"

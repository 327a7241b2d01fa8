#!/usr/bin/env bash
# One-file build: dist-single/txscope.html (CSS, JS and wasm inside; opens from file://).
# Needs a Trunk build in dist/ first (scripts/test-web.sh runs this right after `trunk build`).
#
#   trunk build --release && scripts/single-file.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
node scripts/single-file.mjs --dist dist --out dist-single/txscope.html

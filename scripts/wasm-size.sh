#!/usr/bin/env bash
# Where the page's wasm bytes go (BENCHMARKS.md, "App (browser)", "Where the bytes go"): builds
# the page's wasm as the Trunk build does (cargo, wasm-bindgen, wasm-opt -Oz), once more keeping
# the function names (-g), and groups twiggy's item list into the parts of the app. A diagnostic,
# not a test. Installs twiggy (cargo) if it is missing.
#
#   scripts/wasm-size.sh            # after `trunk build --release`, cargo has nothing to rebuild
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ "${SKIP_BOOTSTRAP:-0}" = 1 ] || scripts/bootstrap.sh
command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked

# The same cargo invocation as index.html's rust link (library, feature `web` only).
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features web
OUT="$ROOT/artifacts/wasm-size"
rm -rf "$OUT" && mkdir -p "$OUT"
wasm-bindgen --target web --out-dir "$OUT" --out-name txscope \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/txscope.wasm"
# The features rustc 1.95 emits, as Trunk passes them to wasm-opt.
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
wasm-opt -Oz --low-memory-unused "${FEATURES[@]}" --strip-debug "$OUT/txscope_bg.wasm" -o "$OUT/stripped.wasm"
wasm-opt -Oz --low-memory-unused -g "${FEATURES[@]}" "$OUT/txscope_bg.wasm" -o "$OUT/named.wasm"
twiggy top -n 1000000 -f json "$OUT/named.wasm" > "$OUT/items.json"
echo "[wasm-size] commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
node e2e/bench/wasm-size.mjs "$OUT/items.json" "$OUT/stripped.wasm"

#!/usr/bin/env bash
# Browser test pipeline. Exits non-zero if any step fails.
#
#   1. wasm-bindgen-test: the crate's #[wasm_bindgen_test]s (feature `web`) in headless
#      Chromium via chromedriver (flags: webdriver.json)
#   2. trunk build --release -> dist/ (the same bundle scripts/serve.sh serves)
#   2b. scripts/single-file.sh -> dist-single/txscope.html (wasm, JS and CSS inlined)
#   3. Playwright e2e (e2e/*.spec.mjs) against dist/, served on loopback by
#      e2e/static-server.mjs; screenshots land in artifacts/screenshots/
#
#   scripts/test-web.sh
#   SKIP_BOOTSTRAP=1 scripts/test-web.sh     # tools known to be present
#
# Step 1 compiles a debug wasm test binary and step 2 the release bundle; nothing is
# built twice (Playwright only serves dist/, it never builds).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "${SKIP_BOOTSTRAP:-0}" != 1 ]; then
  scripts/bootstrap.sh || { echo "[test-web] bootstrap failed" >&2; exit 1; }
fi

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"

declare -a SUMMARY=()
FAILED=0

# step <name> <command...>: run, time, record; never aborts the script.
step() {
  local name="$1"; shift
  printf '\n[test-web] === %s: %s\n' "$name" "$*"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("PASS  ${name} (${dt}s)")
  else
    SUMMARY+=("FAIL  ${name} (${dt}s, exit ${rc})")
    FAILED=1
  fi
  return "$rc"
}

step "wasm-bindgen-test (headless Chromium)" \
  cargo test --target wasm32-unknown-unknown --features web --lib

if step "trunk build --release" trunk build --release; then
  # One-file build for file:// and LMS uploads (dist-single/txscope.html); e2e opens it.
  step "single-file build" scripts/single-file.sh
  rm -rf artifacts/screenshots
  step "playwright e2e" playwright test -c e2e/playwright.config.mjs
else
  SUMMARY+=("SKIP  playwright e2e (no bundle)")
fi

printf '\n[test-web] summary\n'
printf '  %s\n' "${SUMMARY[@]}"
if [ -d artifacts/screenshots ]; then
  printf '  screenshots: %s\n' artifacts/screenshots/*.png
fi
if [ -d dist ]; then
  # Transfer size of the bundle as a browser would fetch it with gzip: the page (what loading
  # index.html fetches; budget 400 KB, issue 3) and, apart, the explorer's worker (fetched when
  # a search starts). Per-file figures and timings: scripts/bench-web.sh.
  total=0 worker=0
  for f in dist/*.html dist/*.js dist/*.wasm dist/*.css; do
    [ -f "$f" ] || continue
    n=$(gzip -9 -c "$f" | wc -c)
    case "$(basename "$f")" in
      txscope-worker*) worker=$((worker + n)) ;;
      *) total=$((total + n)) ;;
    esac
  done
  verdict=within; [ "$total" -le $((400 * 1024)) ] || verdict=OVER
  printf '  bundle, gzip -9: page (html+js+wasm+css) %s bytes = %s KB, budget 400 KB: %s; explorer worker %s bytes\n' \
    "$total" "$((total / 1024))" "$verdict" "$worker"
fi
exit "$FAILED"

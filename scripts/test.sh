#!/usr/bin/env bash
# Every test TxScope has, after installing what is missing (idempotent):
#
#   scripts/test.sh
#
#   1. scripts/bootstrap.sh: Rust targets, Trunk, wasm-bindgen-cli, Chromium, npm tools
#   2. cargo fmt --check, and clippy with warnings as errors (native, and the web build)
#   3. cargo test: protocol rules, simulator, presets, property tests, fuzzing, CLI, explorer;
#      and the app's reducer tests (feature `web`), natively
#   4. scripts/test-web.sh: component tests in headless Chromium, the release bundle, and the
#      Playwright end-to-end tests against it (screenshots in artifacts/screenshots/)
#
# Exits non-zero if any step fails; every step runs, and a summary closes the output.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

scripts/bootstrap.sh || { echo "[test] bootstrap failed" >&2; exit 1; }

declare -a SUMMARY=()
FAILED=0
step() {
  local name="$1"; shift
  printf '\n[test] === %s: %s\n' "$name" "$*"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if [ "$rc" -eq 0 ]; then SUMMARY+=("PASS  $name (${dt}s)"); else SUMMARY+=("FAIL  $name (${dt}s, exit $rc)"); FAILED=1; fi
}

step "rustfmt" cargo fmt --check
step "clippy (native, all targets)" cargo clippy --all-targets -- -D warnings
step "clippy (web build)" cargo clippy --target wasm32-unknown-unknown --no-default-features --features web --lib -- -D warnings
step "cargo test (native)" cargo test
# The app's reducer and view glue are plain #[test]s behind the `web` feature: run them natively
# (the wasm run below only runs #[wasm_bindgen_test]s).
step "cargo test (web feature, native)" cargo test --features web --lib web::
step "browser tests" env SKIP_BOOTSTRAP=1 scripts/test-web.sh

printf '\n[test] summary\n'
printf '  %s\n' "${SUMMARY[@]}"
exit "$FAILED"

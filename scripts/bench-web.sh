#!/usr/bin/env bash
# Browser benchmarks of the release bundle (issue 3, item 11): bundle size (gzip -9 per file
# and the page's total against 250 KB), navigation to the first interactive frame (median of
# 10 cold loads), and requestAnimationFrame deltas while animating 16 participants with ~200
# messages in flight at top speed (p50/p95/p99). Figures go to BENCHMARKS.md, "App (browser)".
# Not part of scripts/test.sh or scripts/test-web.sh: it measures, it does not pass or fail.
#
#   scripts/bench-web.sh                 # trunk build --release, then measure dist/
#   REUSE_DIST=1 scripts/bench-web.sh    # measure the dist/ already there
#   scripts/bench-web.sh --loads 20 --seconds 10 --json artifacts/bench-web.json
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [ "${REUSE_DIST:-0}" != 1 ] || [ ! -f dist/index.html ]; then
  [ "${SKIP_BOOTSTRAP:-0}" = 1 ] || scripts/bootstrap.sh
  trunk build --release
fi
echo "[bench-web] $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
exec node e2e/bench/web.mjs --dir dist "$@"

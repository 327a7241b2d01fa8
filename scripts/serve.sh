#!/usr/bin/env bash
# Build the release bundle and serve it on loopback:
#
#   scripts/serve.sh                 # http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh       # another port
#   HOST=0.0.0.0 scripts/serve.sh    # expose beyond loopback (your call)
#   SKIP_BOOTSTRAP=1 scripts/serve.sh
#
# Serves exactly what `trunk build` put in dist/ (the same bundle the e2e tests check)
# with e2e/static-server.mjs (correct application/wasm MIME, no caching). Re-run to
# rebuild; for a watch/rebuild loop use `trunk serve` (Trunk.toml has its settings).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${PORT:-8080}"
HOST="${HOST:-127.0.0.1}"

[ "${SKIP_BOOTSTRAP:-0}" = 1 ] || scripts/bootstrap.sh
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "[serve] trunk build --release"
trunk build --release

echo "[serve] http://$HOST:$PORT/   (Ctrl-C to stop)"
exec node e2e/static-server.mjs --dir dist --host "$HOST" --port "$PORT"

#!/usr/bin/env bash
# Install everything the browser build and tests need; skip whatever is already there.
# Idempotent: a warm machine finishes in seconds. Safe to run from any directory.
#
#   scripts/bootstrap.sh
#
# Installs (only if missing or the wrong version):
#   - rustup target wasm32-unknown-unknown, components rustfmt + clippy
#   - trunk $TRUNK_VERSION                          (cargo install --locked)
#   - wasm-bindgen-cli = wasm-bindgen in Cargo.lock (cargo install)
#   - chromium + chromium-driver                    (apt-get; needs root or sudo)
#   - npm devDependencies: binaryen (wasm-opt), @playwright/test (no browser download)
#   - crates for the wasm build (cargo fetch), because Trunk builds with --offline
set -euo pipefail

TRUNK_VERSION="0.21.14"
WASM_TARGET="wasm32-unknown-unknown"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

if [ -t 1 ]; then B=$'\033[1;34m' G=$'\033[1;32m' R=$'\033[1;31m' N=$'\033[0m'; else B='' G='' R='' N=''; fi
log() { printf '%s[bootstrap]%s %s\n' "$B" "$N" "$*"; }
ok() { printf '%s[bootstrap]%s ok: %s\n' "$G" "$N" "$*"; }
die() { printf '%s[bootstrap]%s ERROR: %s\n' "$R" "$N" "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else die "need root (or sudo) for: $*"
  fi
}

APT_UPDATED=0
apt_install() {
  have apt-get || die "apt-get not found; install manually: $*"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# ---------------------------------------------------------------- Rust toolchain
have rustup || die "rustup not found: install Rust from https://rustup.rs first"
have cargo || die "cargo not found"

if rustup target list --installed | grep -qx "$WASM_TARGET"; then
  ok "rust target $WASM_TARGET: present"
else
  log "rustup target add $WASM_TARGET"
  rustup target add "$WASM_TARGET"
fi

installed_components="$(rustup component list --installed)"
for comp in rustfmt clippy; do
  if grep -q "^$comp" <<<"$installed_components"; then
    ok "rust component $comp: present"
  else
    log "rustup component add $comp"
    rustup component add "$comp"
  fi
done

# ---------------------------------------------------------------- trunk
trunk_have="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$trunk_have" = "$TRUNK_VERSION" ]; then
  ok "trunk $TRUNK_VERSION: present"
else
  log "cargo install trunk --version $TRUNK_VERSION --locked (was: ${trunk_have:-none}; takes ~7-9 min)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# ---------------------------------------------------------------- wasm-bindgen-cli
# The CLI must match the wasm-bindgen crate exactly; Cargo.lock is the single source of truth.
[ -f Cargo.lock ] || { log "no Cargo.lock: cargo generate-lockfile"; cargo generate-lockfile; }
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$WBG_VERSION" ] || die "wasm-bindgen not found in Cargo.lock (is the web feature's dependency gone?)"
wbg_have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
runner_have="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$wbg_have" = "$WBG_VERSION" ] && [ "$runner_have" = "$WBG_VERSION" ]; then
  ok "wasm-bindgen-cli $WBG_VERSION (= Cargo.lock): present"
else
  log "cargo install wasm-bindgen-cli --version $WBG_VERSION (was: ${wbg_have:-none}; takes ~3-5 min)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# ---------------------------------------------------------------- Chromium + chromedriver
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  ok "chromium + chromedriver: present"
else
  apt_install chromium chromium-driver
fi
chrome_major="$(/usr/bin/chromium --version 2>/dev/null | grep -o '[0-9]\+' | head -n1 || true)"
driver_major="$(/usr/bin/chromedriver --version 2>/dev/null | grep -o '[0-9]\+' | head -n1 || true)"
if [ -n "$chrome_major" ] && [ "$chrome_major" != "$driver_major" ]; then
  log "WARNING: chromium $chrome_major and chromedriver $driver_major differ; run: apt-get install --only-upgrade chromium chromium-driver"
fi

# A font with Chinese glyphs, so screenshots of the Chinese interface show text, not boxes.
if fc-list :lang=zh 2>/dev/null | grep -q .; then
  ok "CJK font: present"
else
  apt_install fonts-wqy-microhei
fi

# ---------------------------------------------------------------- Node packages
if ! have node || ! have npm; then
  apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "node >= 20 needed (Playwright); found $(node --version)"

# Fresh if npm's own record of node_modules is newer than package.json/package-lock.json
# and the tools we rely on are there.
npm_fresh() {
  local stamp=node_modules/.package-lock.json
  [ -f "$stamp" ] && [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/playwright ] || return 1
  [ "$stamp" -nt package.json ] || return 1
  [ ! -f package-lock.json ] || [ "$stamp" -nt package-lock.json ]
}
if npm_fresh; then
  ok "node_modules: up to date"
else
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 # browsers come from apt, never downloaded
  if [ -f package-lock.json ]; then
    log "npm ci (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)"
    npm ci --no-audit --no-fund
  else
    log "npm install (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)"
    npm install --no-audit --no-fund
  fi
  touch node_modules/.package-lock.json
fi

# Trunk.toml pins the wasm-opt version it accepts (it never downloads: offline = true).
want_opt="$(sed -n 's/^wasm_opt *= *"\(.*\)".*/\1/p' Trunk.toml)"
have_opt="version_$(node_modules/.bin/wasm-opt --version | awk '{print $3}')"
if [ -n "$want_opt" ] && [ "$want_opt" != "$have_opt" ]; then
  die "Trunk.toml wants wasm-opt $want_opt but node_modules has $have_opt: keep package.json's binaryen and Trunk.toml [tools].wasm_opt in step"
fi
ok "wasm-opt $have_opt (node_modules/.bin): present"

# ---------------------------------------------------------------- crates
# Trunk passes --offline to cargo, so every crate must already be in the local registry.
# A no-op (well under a second) when nothing is missing.
log "cargo fetch"
cargo fetch --quiet

ok "done. Tools: $(trunk --version), $(wasm-bindgen --version), $(/usr/bin/chromium --version 2>/dev/null), node $(node --version)"

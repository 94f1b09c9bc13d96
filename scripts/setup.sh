#!/usr/bin/env bash
# Installs what `make run` (setup.sh run) or `make test` (setup.sh test) needs on
# Debian/Ubuntu, and only what is missing, so it is safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
TAURI_DRIVER_VERSION=2.1.0
# Build dependencies of a Tauri 2 app on Linux (WebKitGTK, tray, Secret Service).
run_pkgs=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  libdbus-1-dev pkg-config build-essential file curl xvfb xauth)
# Real parts the tests drive: a virtual display, WebKit's WebDriver, a session bus,
# gnome-keyring, a notification daemon; libfaketime and time zones for the clock
# tests; for the package test x11-utils (xwininfo) and rpm (rpm -qpR reads the .rpm's Requires).
test_pkgs=(webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools dunst libnotify-bin xdotool
  faketime tzdata x11-utils rpm)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

wanted=("${run_pkgs[@]}")
[ "$mode" = test ] && wanted+=("${test_pkgs[@]}")
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || { echo "Missing packages (${missing[*]}) and no apt-get: install them by hand." >&2; exit 1; }
  say "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || { echo "Node.js 20 or newer is needed (found $(node --version 2>/dev/null || echo none))." >&2; exit 1; }

command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)." >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "npm ci (ui/)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$mode" = test ]; then
  # GitHub's official GraphQL schema, to validate the dashboard query against.
  gq=crates/ampel-forge/graphql-check
  if [ ! -f $gq/node_modules/.package-lock.json ] || [ $gq/package-lock.json -nt $gq/node_modules/.package-lock.json ]; then
    say "npm ci ($gq)"
    npm ci --prefix "$gq" --no-audit --no-fund --loglevel=error
  fi
  if ! command -v cargo-nextest >/dev/null; then
    say "cargo install cargo-nextest"
    cargo install cargo-nextest --locked
  fi
  if ! tauri-driver --help >/dev/null 2>&1; then
    say "cargo install tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
  fi
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt 2>/dev/null || true
fi

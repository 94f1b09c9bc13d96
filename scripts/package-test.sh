#!/usr/bin/env bash
# The app as a user installs it, tested without installing anything: builds the
# .deb and .rpm with the Tauri CLI, checks the .deb's Depends against every
# library the binary loads (and that the check notices a removed entry), checks
# the .rpm's Requires, unpacks the .deb into a temporary root and runs its
# usr/bin/ampel with a fresh data folder and keyring service: window mapped, an
# account added through the window (WebDriver), quit; then once more with the
# tray's indicator library hidden (LD_PRELOAD shim): it starts, says why there is
# no tray, quits. Run inside scripts/test-session.sh --display (as `make test` does).
set -euo pipefail
cd "$(dirname "$0")/.."
here=scripts/package-test
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m==>\033[0m package test: %s\n' "$*"; }
die() { printf 'package test FAILED: %s\n' "$*" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || die "no DISPLAY: run under scripts/test-session.sh --display"

work=$(mktemp -d /tmp/ampel-package-test.XXXXXX)
service="dev.ampel.package-test.$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  secret-tool clear service "$service" username data-key 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

started=$(date +%s)
say "tauri build --bundles deb,rpm (release profile)"
ui/node_modules/.bin/tauri build --bundles deb,rpm
built=$(date +%s)
deb=$(ls -t target/release/bundle/deb/*.deb | head -n1)
rpm=$(ls -t target/release/bundle/rpm/*.rpm | head -n1)
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1)) and $(basename "$rpm") in $((built - started)) s"

say "Depends covers every library the binary loads"
"$here/check-deps.sh" "$deb"

say "the dependency check notices a removed Depends entry"
dpkg-deb -R "$deb" "$work/doctored"
sed -i -E '/^Depends:/ { s/ *libayatana-appindicator3-1 \| libappindicator3-1,?//; s/, *$// }' "$work/doctored/DEBIAN/control"
grep '^Depends:' "$work/doctored/DEBIAN/control" | sed 's/^/  copy without it: /' 
grep -q appindicator "$work/doctored/DEBIAN/control" && die "could not remove the indicator entry from the copy"
dpkg-deb -Znone -b "$work/doctored" "$work/doctored.deb" >/dev/null
if "$here/check-deps.sh" "$work/doctored.deb" >"$work/doctored.log" 2>&1; then
  cat "$work/doctored.log"
  die "check-deps passed a package whose Depends lacks the indicator library"
fi
grep 'NOT IN DEPENDS' "$work/doctored.log"

say "the .rpm requires the Fedora packages of the same libraries"
requires=$(rpm -qpR "$rpm")
echo "$requires" | sed 's/^/  /'
for wanted in webkit2gtk4.1 gtk3 libayatana-appindicator-gtk3; do
  grep -qx "$wanted" <<<"$requires" || die "the .rpm does not require $wanted"
done

say "unpack the .deb into a temporary root"
root="$work/root"
dpkg-deb -x "$deb" "$root"
app="$root/usr/bin/ampel"
file -b "$app" | grep -q ', stripped' || die "usr/bin/ampel is not stripped: $(file -b "$app")"
echo "  usr/bin/ampel: $(stat -c %s "$app") bytes, stripped"
cc -shared -fPIC -o "$work/no-indicator.so" "$here/no-indicator.c" -ldl

say "fake forge"
cargo build -q -p ampel-fakeforge
target/debug/ampel-fakeforge --scenario demo >"$work/forge.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q 'demo tokens' "$work/forge.out" && break; sleep 0.1; done
github=$(awk '$1 == "github" && $2 == "base" {print $4; exit}' "$work/forge.out")
token=$(awk '/demo tokens/ {t = 1; next} t && $1 == "github" {print $2; exit}' "$work/forge.out")
[ -n "$github" ] && [ -n "$token" ] || die "fake forge did not start: $(cat "$work/forge.out")"

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

# run NAME MODE [EXTRA ENV...]: starts tauri-driver (which starts the unpacked
# app), drives it with drive.mjs, sees its window mapped, and waits for it to quit.
run() {
  local name=$1 mode=$2; shift 2
  local port native log="$work/$name-driver.log" data="$work/$name-data" win pid drive_pid
  port=$(free_port); native=$(free_port)
  env AMPEL_DATA_DIR="$data" AMPEL_KEYRING_SERVICE="$service" "$@" \
    tauri-driver --port "$port" --native-port "$native" >"$log" 2>&1 &
  local driver_pid=$!
  pids+=("$driver_pid")
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  node "$here/drive.mjs" "$mode" "http://127.0.0.1:$port" "$app" "$github" "$token" >"$work/$name-drive.log" 2>&1 &
  drive_pid=$!
  win=$(timeout 60 xdotool search --sync --onlyvisible --name '^Ampel$' | head -n1) || {
    cat "$work/$name-drive.log" "$log" >&2; die "$name: no Ampel window was mapped"; }
  xwininfo -id "$win" | grep -q 'Map State: IsViewable' || die "$name: window $win is not viewable"
  pid=$(xdotool getwindowpid "$win")
  [ "$(readlink -f "/proc/$pid/exe")" = "$(readlink -f "$app")" ] || die "$name: the window is not the unpacked app's"
  echo "  $name: window $win mapped, pid $pid runs $(readlink -f "/proc/$pid/exe" | sed "s|$work|\$tmp|")"
  # Whether the indicator library gets mapped, watched for as long as the window is driven.
  local loaded=0
  while kill -0 "$drive_pid" 2>/dev/null; do
    [ "$loaded" = 0 ] && loaded=$(grep -c appindicator "/proc/$pid/maps" 2>/dev/null || true)
    sleep 0.2
  done
  echo "${loaded:-0}" >"$work/$name-indicator"
  echo "  $name: indicator library mappings seen: ${loaded:-0}"
  if ! wait "$drive_pid"; then cat "$work/$name-drive.log" >&2; tail -n 30 "$log" >&2; die "$name: driving the window failed"; fi
  sed 's/^/  /' "$work/$name-drive.log"
  for _ in $(seq 150); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  [ -d "/proc/$pid" ] && die "$name: the app did not quit"
  kill "$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
  if grep -q 'panicked' "$log" "$data/ampel.log"; then grep 'panicked' "$log" "$data/ampel.log" >&2; die "$name: the app panicked"; fi
  echo "  $name: quit cleanly"
}

say "start the unpacked app, add an account through its window, quit"
run installed add-account
[ "$(cat "$work/installed-indicator")" -gt 0 ] || die "the tray's indicator library was not loaded with it installed"

say "start it again with the indicator library hidden"
run no-tray no-tray LD_PRELOAD="$work/no-indicator.so"
[ "$(cat "$work/no-tray-indicator")" = 0 ] || die "an indicator library was loaded although hidden"
grep -q 'refused dlopen("libayatana-appindicator3.so.1")' "$work/no-tray-driver.log" ||
  die "the shim never saw the indicator library being asked for"
lines=$(grep -c 'no tray icon' "$work/no-tray-data/ampel.log" || true)
[ "$lines" = 1 ] || die "expected one log line about the missing tray, found $lines"
grep 'no tray icon' "$work/no-tray-data/ampel.log" | sed 's/^/  log: /'

say "passed in $(($(date +%s) - started)) s (build and bundle $((built - started)) s)"

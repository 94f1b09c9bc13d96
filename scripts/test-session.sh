#!/usr/bin/env bash
# Runs a command inside a throw-away desktop session, so tests use real parts and
# never a user's own: a private D-Bus session bus with an unlocked gnome-keyring
# (Secret Service), and with --display also an Xvfb display running dunst (a
# notification daemon). Usage: scripts/test-session.sh [--display] -- CMD ARGS...
set -euo pipefail

want_display=0
while [ $# -gt 0 ]; do
  case "$1" in
    --display) want_display=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--display] -- CMD ARGS..." >&2; exit 2; }

session_dir=$(mktemp -d /tmp/ampel-session.XXXXXX)
chmod 700 "$session_dir"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$session_dir"
}
trap cleanup EXIT

# Our own session bus (not dbus-run-session) so the chatter of services it
# activates goes to a log file instead of the test output.
bus_info=$(dbus-daemon --session --fork --print-address=1 --print-pid=1 2>>"$session_dir/dbus.log")
export DBUS_SESSION_BUS_ADDRESS=$(sed -n 1p <<<"$bus_info")
pids+=("$(sed -n 2p <<<"$bus_info")")
# No accessibility bus in tests (WebKitGTK would start one per window).
export NO_AT_BRIDGE=1

# gnome-keyring keeps its keyrings under XDG_DATA_HOME and its socket under
# XDG_RUNTIME_DIR: both point into the throw-away folder.
export XDG_RUNTIME_DIR="$session_dir/run" XDG_DATA_HOME="$session_dir/data"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" && chmod 700 "$XDG_RUNTIME_DIR"
# A non-empty password on stdin creates and unlocks the default "login" collection.
eval "$(printf 'ampel-test-session' | gnome-keyring-daemon --unlock --components=secrets 2>>"$session_dir/keyring.log")"
eval "$(gnome-keyring-daemon --start --components=secrets 2>>"$session_dir/keyring.log")"
export GNOME_KEYRING_CONTROL
keyring_pid=$(pgrep -n -f "gnome-keyring-daemon.*--components=secrets" || true)
[ -n "$keyring_pid" ] && pids+=("$keyring_pid")

if [ "$want_display" = 1 ]; then
  Xvfb -displayfd 1 -screen 0 1280x860x24 -nolisten tcp >"$session_dir/display" 2>"$session_dir/xvfb.log" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$session_dir/display" ] && break; sleep 0.1; done
  [ -s "$session_dir/display" ] || { echo "Xvfb did not start:" >&2; cat "$session_dir/xvfb.log" >&2; exit 1; }
  export DISPLAY=":$(head -n1 "$session_dir/display")"
  if command -v dunst >/dev/null; then
    dunst >"$session_dir/dunst.log" 2>&1 &
    pids+=($!)
  fi
fi

"$@"

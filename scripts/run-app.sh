#!/usr/bin/env bash
# Starts the built app; without a desktop display it runs under a virtual one
# (Xvfb) so `make run` works on a headless machine too.
set -euo pipefail
app="$(dirname "$0")/../target/debug/ampel"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$app" "$@"
fi
echo "No DISPLAY or WAYLAND_DISPLAY: running Ampel under a virtual display (Xvfb)." >&2
exec xvfb-run -a -s "-screen 0 1280x860x24" "$app" "$@"

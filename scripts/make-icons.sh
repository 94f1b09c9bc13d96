#!/usr/bin/env bash
# Draws the app icon (a traffic light) and one tray icon per light with ImageMagick,
# so the committed PNGs in icons/ can be regenerated and restyled in one place.
set -euo pipefail
cd "$(dirname "$0")/../icons"
draw_app() { # size out
  local s=$1 out=$2
  convert -size 512x512 xc:none -fill '#1f2430' -draw "roundrectangle 136,24 376,488 72,72" \
    -fill '#e53e3e' -draw "circle 256,124 256,60" \
    -fill '#d69e2e' -draw "circle 256,256 256,192" \
    -fill '#1f9d55' -draw "circle 256,388 256,324" \
    -resize "${s}x${s}" "PNG32:$out"
}
draw_app 512 icon.png
draw_app 32 32x32.png
draw_app 128 128x128.png
draw_app 256 128x128@2x.png
for light in green:#1f9d55 yellow:#d69e2e red:#e53e3e grey:#8a94a6; do
  name=${light%%:*} colour=${light#*:}
  convert -size 256x256 xc:none -fill '#1f2430' -draw "circle 128,128 128,8" \
    -fill "$colour" -draw "circle 128,128 128,40" -resize 64x64 "PNG32:tray-$name.png"
done

#!/usr/bin/env bash
# Regenerates packaging/macos/reelwatch.icns from resources/icons/reelwatch.svg. Run it after
# changing the SVG and commit the result; the macOS build uses the committed file.
#
# On macOS it builds an .iconset (16 to 512 px, each also @2x) and converts it with Apple's
# iconutil. Elsewhere it packs the same PNG sizes with png2icns (Debian: icnsutils). Both need
# rsvg-convert (Homebrew: librsvg; Debian: librsvg2-bin).
#
# Usage: packaging/macos/make-icns.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svg="$here/../../resources/icons/reelwatch.svg"
out="$here/reelwatch.icns"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

render() { rsvg-convert --width "$1" --height "$1" --format png --output "$2" "$svg"; }

if command -v iconutil >/dev/null 2>&1; then
    set_dir="$work/reelwatch.iconset"
    mkdir "$set_dir"
    for size in 16 32 128 256 512; do
        render "$size" "$set_dir/icon_${size}x${size}.png"
        render "$((size * 2))" "$set_dir/icon_${size}x${size}@2x.png"
    done
    iconutil --convert icns --output "$out" "$set_dir"
else
    frames=()
    for size in 16 32 48 128 256 512 1024; do
        render "$size" "$work/$size.png"
        frames+=("$work/$size.png")
    done
    png2icns "$out" "${frames[@]}" >/dev/null
fi
echo "wrote $out"

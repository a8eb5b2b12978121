#!/usr/bin/env bash
# Regenerates packaging/windows/reelwatch.ico from resources/icons/reelwatch.svg: the sizes Windows
# asks for (16 to 48 for lists and the taskbar, 64 to 256 for large icon views and high-DPI
# screens). Run it after changing the SVG and commit the result; the Windows build uses the
# committed file, so it needs neither tool.
#
# Needs rsvg-convert (Debian: librsvg2-bin) and ImageMagick's convert. Byte-for-byte reproducible
# with the same tool versions: PNG time stamps are left out.
#
# Usage: packaging/windows/make-ico.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svg="$here/../../resources/icons/reelwatch.svg"
out="$here/reelwatch.ico"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

frames=()
for size in 16 20 24 32 40 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" --format png --output "$work/$size.png" "$svg"
    frames+=("$work/$size.png")
done
# ImageMagick stores the 256 px frame as PNG and the smaller ones as 32-bit BMP with alpha, which
# every Windows version and NSIS read.
convert "${frames[@]}" -define png:exclude-chunks=date,time +set date:create +set date:modify "$out"
echo "wrote $out"

#!/usr/bin/env bash
# Starts the window on the demo server under a virtual X display and saves a screenshot.
# Usage: scripts/screenshot.sh [binary] [output.png] [seconds to wait] [light|dark]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-build/default/bin/reelwatch}"
output="${2:-docs/screenshot.png}"
wait_seconds="${3:-9}"
palette="${4:-light}"

display_number=$((90 + RANDOM % 100))
Xvfb ":$display_number" -screen 0 1180x560x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$app_pid" "$xvfb_pid" 2>/dev/null || true' EXIT
export DISPLAY=":$display_number"
for _ in $(seq 50); do
    xdpyinfo >/dev/null 2>&1 && break || sleep 0.1
done
XDG_DATA_HOME="$(mktemp -d)" XDG_CONFIG_HOME="$(mktemp -d)" "$binary" --demo --color-scheme "$palette" &
app_pid=$!
sleep "$wait_seconds"
import -window root "$output"
echo "screenshot: $output"

#!/usr/bin/env bash
# Starts the window on the demo server under a virtual X display and saves a screenshot.
# Usage: scripts/screenshot.sh [binary] [output.png] [seconds to wait] [light|dark]
#        [window|desktop|gallery|grouped|gallery-grouped|preview]
# "gallery" shows the board as cards instead of the table; "grouped" and "gallery-grouped" group
# either view by status. "preview" double-clicks the second row
# (the demo's first finished render with a clip) with xdotool and shows the clip playing. "desktop" also runs a system tray (trayer) and a notification daemon (dunst) on a private D-Bus
# session and widens the screen, so the tray icon and the first notifications are in the picture.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-build/default/bin/reelwatch}"
output="${2:-docs/screenshot.png}"
wait_seconds="${3:-9}"
palette="${4:-light}"
scene="${5:-window}"

if [ -z "${REELWATCH_SCREENSHOT_BUS:-}" ]; then
    # A bus of its own that starts no service: the app's notifications must not reach the desktop
    # this runs on (or a bus autolaunched on the virtual display), and dunst must not replace its daemon.
    exec env REELWATCH_SCREENSHOT_BUS=1 dbus-run-session \
        --config-file=tests/system/session-without-services.conf -- "$0" "$@"
fi

width=1180
[ "$scene" = desktop ] && width=1500
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
display_file="$(mktemp)"
Xvfb -displayfd 3 -screen 0 "${width}x560x24" -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$display_file" ] && break || sleep 0.1; done
export DISPLAY=":$(cat "$display_file")"
for _ in $(seq 50); do
    xdpyinfo >/dev/null 2>&1 && break || sleep 0.1
done
if [ "$scene" = desktop ]; then
    trayer --edge top --align right --widthtype request --height 28 --SetDockType true >/dev/null 2>&1 &
    pids+=($!)
    dunst >/dev/null 2>&1 &
    pids+=($!)
    sleep 0.5
fi
# A runtime directory of its own: a demo window already open elsewhere would otherwise be raised instead.
runtime_dir="$(mktemp -d)"
chmod 700 "$runtime_dir"
config_dir="$(mktemp -d)"
mkdir -p "$config_dir/Reelwatch"
case "$scene" in
gallery) printf '[board]\nview=gallery\n' >"$config_dir/Reelwatch/reelwatch.conf" ;;
grouped) printf '[board]\ngroupBy=status\n' >"$config_dir/Reelwatch/reelwatch.conf" ;;
gallery-grouped) printf '[board]\nview=gallery\ngroupBy=status\n' >"$config_dir/Reelwatch/reelwatch.conf" ;;
esac
# The preview downloads the clip first: into a folder of its own, not the user's Videos.
videos_dir="$(mktemp -d)"
printf 'XDG_VIDEOS_DIR="%s"\n' "$videos_dir" >"$config_dir/user-dirs.dirs"
XDG_DATA_HOME="$(mktemp -d)" XDG_CONFIG_HOME="$config_dir" XDG_CACHE_HOME="$(mktemp -d)" XDG_RUNTIME_DIR="$runtime_dir" \
    "$binary" --demo --color-scheme "$palette" &
pids+=($!)
sleep "$wait_seconds"
if [ "$scene" = preview ]; then
    window="$(xdotool search --name '^Reelwatch' | head -1)"
    xdotool windowactivate --sync "$window" >/dev/null 2>&1 || true
    xdotool mousemove 160 154 click --repeat 2 --delay 60 1
    sleep 5
fi
import -window root "$output"
echo "screenshot: $output"

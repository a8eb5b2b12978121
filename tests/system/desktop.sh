#!/usr/bin/env bash
# The window's desktop side against real services on a virtual X display: dunst as the
# notification daemon and trayer as the system tray (XEmbed). The real app runs on its demo server;
# the first sample render finishes after about six seconds.
# Run as: dbus-run-session -- bash desktop.sh /path/to/reelwatch
source "$(dirname "$0")/common.sh"
reelwatch="$1"
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || fail "run me inside dbus-run-session"
for tool in Xvfb xdpyinfo xwininfo dunst dunstctl trayer import convert python3; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/install-deps.sh installs it)"
done

make_home
log_dir="$test_home/logs"
mkdir -p "$log_dir"
pids=()
stop_all() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    cleanup
}
trap stop_all EXIT

# Xvfb picks a free display itself and writes its number to the file.
Xvfb -displayfd 3 -screen 0 1600x900x24 -nolisten tcp 3>"$log_dir/display" >"$log_dir/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$log_dir/display" ] && break || sleep 0.1; done
export DISPLAY=":$(cat "$log_dir/display")"
xdpyinfo >/dev/null 2>&1 || fail "Xvfb did not start: $(cat "$log_dir/xvfb.log")"

trayer --edge top --align right --widthtype request --height 32 --SetDockType true >"$log_dir/trayer.log" 2>&1 &
pids+=($!)
dunst >"$log_dir/dunst.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do dunstctl count >/dev/null 2>&1 && break || sleep 0.1; done
dunstctl count >/dev/null 2>&1 || fail "dunst did not start: $(cat "$log_dir/dunst.log")"

tray_window() { xwininfo -root -tree | awk '/"panel": \("panel" "trayer"\)/ {print $1; exit}'; }
for _ in $(seq 100); do [ -n "$(tray_window)" ] && break || sleep 0.1; done
panel="$(tray_window)"
[ -n "$panel" ] || fail "trayer did not start: $(cat "$log_dir/trayer.log")"
panel_width() { xwininfo -id "$panel" | awk '/Width:/ {print $2}'; }
empty_width="$(panel_width)"

# --minimized: nobody is looking at the window, so a finished render is news.
"$reelwatch" --demo --minimized >"$log_dir/app.log" 2>&1 &
app_pid=$!
pids+=("$app_pid")

for _ in $(seq 150); do [ "$(panel_width)" -gt "$empty_width" ] && break || sleep 0.1; done
[ "$(panel_width)" -gt "$empty_width" ] || fail "no icon appeared in the tray: $(cat "$log_dir/app.log")"
echo "ok: the icon is in the tray (panel $empty_width → $(panel_width) px wide)"

# The colours of the tray's badge (ui/desktop/trayicon.cpp): blue while renders are in flight, green once a
# result is there that nobody has seen.
tray_has_colour() { # tray_has_colour HEX
    local geometry
    geometry="$(xwininfo -id "$panel" | awk '/Absolute upper-left X/ {x=$4} /Absolute upper-left Y/ {y=$4}
        /Width:/ {w=$2} /Height:/ {h=$2} END {printf "%dx%d+%d+%d", w, h, x, y}')"
    import -window root -crop "$geometry" "$log_dir/tray.png" 2>/dev/null || return 1
    local colours
    colours="$(convert "$log_dir/tray.png" -format %c histogram:info:-)" || return 1
    grep -qi "#$1" <<<"$colours"
}
for _ in $(seq 50); do tray_has_colour 2F7FE0 && break || sleep 0.1; done
tray_has_colour 2F7FE0 || fail "the tray icon does not show renders in flight"
echo "ok: the tray icon shows renders in flight"

first_id="video_68f1a2b3c4d5e6f70811a001"
# A notification is titled as the board titles the task: no label, so the start of its prompt.
first_title="A paper boat drifting down a rain-soaked Tokyo street at…"
# Notifications that are still on screen are not in dunst's history; closing them puts them there.
summaries() {
    dunstctl close-all
    dunstctl history | python3 -c '
import json, sys
for entry in json.load(sys.stdin)["data"][0]:
    print(entry["appname"]["data"], "|", entry["summary"]["data"], "|", entry["body"]["data"].replace("\n", " / "))'
}
seen=""
for _ in $(seq 300); do
    seen="$(summaries)"
    [[ "$seen" == *"| $first_title |"* ]] && break
    sleep 0.1
done
[[ "$seen" == *"Reelwatch | $first_title | Render finished in "* ]] \
    || fail "dunst did not receive the notification for $first_id; it has: ${seen:-nothing}"
echo "ok: dunst received \"$(grep -F "$first_title" <<<"$seen" | head -1)\""

for _ in $(seq 50); do tray_has_colour 2FBF71 && break || sleep 0.1; done
tray_has_colour 2FBF71 || fail "the tray icon does not show the new result"
echo "ok: the tray icon turned to \"new result\""

kill -0 "$app_pid" 2>/dev/null || fail "the app exited: $(cat "$log_dir/app.log")"
echo "PASS: desktop"

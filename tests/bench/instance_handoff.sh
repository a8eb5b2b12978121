#!/usr/bin/env bash
# How long a second launch takes to reach the running window: `reelwatch add ID` handed to it over
# the local socket, `reelwatch` raising it, and for comparison `reelwatch add` writing the database
# itself when no window runs. Prints the median and the slowest of N runs, and the window's peak RSS.
# Usage: tests/bench/instance_handoff.sh [binary] [runs]
set -euo pipefail
binary="$(realpath "${1:-build/default/bin/reelwatch}")"
runs="${2:-20}"
home="$(mktemp -d)"
trap 'kill "${window_pid:-}" "${server_pid:-}" 2>/dev/null || true; rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
export XDG_RUNTIME_DIR="$home/runtime" QT_QPA_PLATFORM=offscreen
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

"$binary" demo-server --key bench-key >"$home/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$home/server.log")"
    [ -n "$url" ] && break || sleep 0.05
done
"$binary" profile add Bench --base-url "$url" >/dev/null
"$binary" profile set-default Bench >/dev/null

ms_now() { date +%s%N | cut -c1-13; }
# summarise LABEL MS...: median and slowest
summarise() {
    local label="$1"
    shift
    printf '%s\n' "$@" | sort -n | awk -v label="$label" '{a[NR]=$1} END {
        printf "%-44s median %4d ms   slowest %4d ms   (%d runs)\n", label, a[int((NR+1)/2)], a[NR], NR}'
}

times=()
for i in $(seq "$runs"); do
    start="$(ms_now)"
    "$binary" add "video_bench_direct_$i" >/dev/null
    times+=($(($(ms_now) - start)))
done
summarise "add, no window (writes the database)" "${times[@]}"

REELWATCH_API_KEY=bench-key "$binary" >"$home/window.log" 2>&1 &
window_pid=$!
for _ in $(seq 200); do
    out="$("$binary" add video_bench_probe_0 2>&1 || true)"
    [[ "$out" == *"running Reelwatch"* ]] && break
    sleep 0.05
done

times=()
for i in $(seq "$runs"); do
    start="$(ms_now)"
    [[ "$("$binary" add "video_bench_handoff_$i")" == *"running Reelwatch"* ]] || { echo "not handed off" >&2; exit 1; }
    times+=($(($(ms_now) - start)))
done
summarise "add, handed to the running window" "${times[@]}"

times=()
for i in $(seq "$runs"); do
    start="$(ms_now)"
    [[ "$("$binary")" == *"already running"* ]] || { echo "the second launch did not find the window" >&2; exit 1; }
    times+=($(($(ms_now) - start)))
done
summarise "second launch, raising the running window" "${times[@]}"
echo "window peak RSS after $((runs * 2 + 1)) hand-offs: $(awk '/VmHWM/ {print $2, $3}' "/proc/$window_pid/status")"

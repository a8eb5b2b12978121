#!/usr/bin/env bash
# How often the window wakes up, and how much CPU it uses, once nothing is left to poll: `reelwatch
# --demo` on the offscreen platform in a throwaway home, left until its six sample renders have
# finished, then watched for SECONDS. Wake-ups are the times the scheduler ran one of its threads
# (the third field of /proc/PID/task/*/schedstat, summed over threads); CPU is utime + stime from
# /proc/PID/stat.
#
#   tests/bench/idle_wakeups.sh build/default/bin/reelwatch [SECONDS] [SETTLE_SECONDS]
set -euo pipefail
binary=${1:?usage: idle_wakeups.sh BINARY [SECONDS] [SETTLE_SECONDS]}
seconds=${2:-60}
settle=${3:-30}
home=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$home"' EXIT

HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_RUNTIME_DIR=$home/run \
    QT_QPA_PLATFORM=offscreen "$binary" --demo > "$home/out.log" 2>&1 &
pid=$!
mkdir -p "$home/run" && chmod 700 "$home/run"
sleep "$settle"

# "TID SLICES" per thread; a thread that ends between the two readings counts with what it had.
slices() {
    for stat in /proc/"$pid"/task/*/schedstat; do
        tid=${stat%/schedstat}
        echo "${tid##*/} $(awk '{print $3}' "$stat" 2>/dev/null || echo 0)"
    done
}
cpu_ticks() { awk '{print $14 + $15}' /proc/"$pid"/stat; }

threads=$(ls /proc/"$pid"/task | wc -l)
slices > "$home/before"; c0=$(cpu_ticks)
sleep "$seconds"
slices > "$home/after"; c1=$(cpu_ticks)
hz=$(getconf CLK_TCK)
wakeups=$(awk 'NR == FNR { before[$1] = $2; next } { total += $2 - before[$1] } END { print total + 0 }' \
    "$home/before" "$home/after")
echo "threads: $threads"
echo "wake-ups over ${seconds} s: $wakeups ($(awk -v w="$wakeups" -v s="$seconds" 'BEGIN{printf "%.2f", w/s}') per second)"
echo "CPU over ${seconds} s: $(awk -v c=$((c1 - c0)) -v hz="$hz" 'BEGIN{printf "%.0f", c*1000/hz}') ms"

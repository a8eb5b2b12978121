#!/usr/bin/env bash
# The polling loop a user would write without Reelwatch: ask for every unfinished task with curl,
# pick the status out of the JSON with sed, drop tasks that completed or failed, sleep, repeat.
# bench_poll runs it under /usr/bin/time to compare its CPU, connections and requests with
# `reelwatch watch`. Prints "ID STATUS" whenever a task's status changes (the first one included).
#
# usage: curl_loop.sh BASE_URL IDS_FILE INTERVAL_SECONDS
#        (key from REELWATCH_API_KEY, as for reelwatch)
set -u

if [ $# -ne 3 ]; then
    echo "usage: $0 BASE_URL IDS_FILE INTERVAL_SECONDS" >&2
    exit 2
fi
base=${1%/}
ids_file=$2
interval=$3
if [ ! -r "$ids_file" ]; then
    echo "$0: cannot read $ids_file" >&2
    exit 2
fi

declare -A last
pending=()
while IFS= read -r id; do
    [ -n "$id" ] && pending+=("$id")
done < "$ids_file"

while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for id in "${pending[@]}"; do
        body=$(curl -s -H "Authorization: Bearer ${REELWATCH_API_KEY:-}" "$base/v1/videos/$id")
        status=$(printf '%s' "$body" | grep -o '"status":"[a-z_]*"' | sed 's/.*:"\(.*\)"/\1/')
        if [ -n "$status" ] && [ "${last[$id]:-}" != "$status" ]; then
            last[$id]=$status
            echo "$id $status"
        fi
        case $status in
            completed | failed) ;;
            *) still+=("$id") ;;
        esac
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -gt 0 ] && sleep "$interval"
done
exit 0

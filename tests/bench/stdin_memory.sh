#!/usr/bin/env bash
# Peak RSS of `reelwatch status -` as its standard input grows: SIZES megabytes of lines, each one an
# invalid task ID ("not an id! N": never sent anywhere, so no server is needed and every line still
# makes an answer), and VALID valid IDs answered by a local demo server (one request each). The IDs
# are answered as they come and forgotten, so the peak should not grow with the input.
#
#   tests/bench/stdin_memory.sh build/default/bin/reelwatch [SIZES] [VALID]
#   e.g. tests/bench/stdin_memory.sh build/default/bin/reelwatch "1 5 50" 20000
set -euo pipefail
binary=${1:?usage: stdin_memory.sh BINARY [SIZES] [VALID]}
sizes=${2:-1 5 50}
valid=${3:-20000}
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
work=$(mktemp -d)
server=""
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# N megabytes of invalid IDs, written once to a file (so producing them costs the bench, not reelwatch).
invalid_ids() {
    awk -v bytes=$(($1 * 1000 * 1000)) 'BEGIN { while (n < bytes) { line = "not an id! " i++; print line; n += length(line) + 1 } }'
}

run() { # label, input file, extra arguments...
    local label=$1 input=$2
    shift 2
    local lines
    lines=$(wc -l < "$input")
    /usr/bin/time -f '%M %e' -o "$work/time" "$binary" status --json "$@" - < "$input" > "$work/out" 2> /dev/null || true
    read -r rss seconds < <(tail -n 1 "$work/time")
    printf '%-28s %10s lines  %8.1f MiB peak RSS  %6.1f s  %s answers\n' "$label" "$lines" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" \
        "$seconds" "$(wc -l < "$work/out")"
}

export REELWATCH_API_KEY=bench-key
for size in $sizes; do
    invalid_ids "$size" > "$work/invalid"
    run "${size} MB of invalid IDs" "$work/invalid" --base-url http://127.0.0.1:9
done

if ((valid > 0)); then
    port=$((20000 + RANDOM % 20000))
    "$binary" demo-server --port "$port" --flavour openai --tasks "$valid" --finish-ms 0 > "$work/server" 2>&1 &
    server=$!
    for _ in $(seq 50); do grep -q listening "$work/server" 2>/dev/null && break; sleep 0.1; done
    # The generated tasks' IDs, as `demo-server --tasks` names them.
    awk -v n="$valid" 'BEGIN { for (i = 0; i < n; i++) printf "task_%06d\n", i }' > "$work/valid"
    run "$valid valid IDs (demo server)" "$work/valid" --base-url "http://127.0.0.1:$port"
fi

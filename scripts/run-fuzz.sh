#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a short while over the test fixtures.
# Usage: scripts/run-fuzz.sh [seconds per target, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
if ! command -v clang++ >/dev/null; then
    echo "run-fuzz: clang++ is not installed; skipping the fuzz run" >&2
    exit 0
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus" "$corpus".*.log' EXIT
cp tests/fixtures/* "$corpus"/ 2>/dev/null || true
# Each provider fixture's answers and every built-in description, one file each.
python3 - "$corpus" <<'PY'
import json, glob, sys, os
for path in glob.glob("tests/fixtures/providers/*.json"):
    fixture = json.load(open(path))
    for n, case in enumerate(fixture.get("cases", [])):
        for m, answer in enumerate(case.get("answers", [])):
            body = answer.get("text") if "text" in answer else json.dumps(answer.get("body"))
            open(os.path.join(sys.argv[1], "%s-%d-%d.json" % (os.path.basename(path)[:-5], n, m)), "w").write(body or "")
PY
cp app/providers/builtin/*.json "$corpus"/
for target in build/fuzz/tests/fuzz/fuzz_*; do
    [ -f "$target" ] && [ -x "$target" ] || continue
    echo "run-fuzz: $(basename "$target") for ${seconds}s"
    log="$corpus.$(basename "$target").log"
    status=0
    ASAN_OPTIONS=detect_leaks=1 "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)" "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log" >&2
        echo "run-fuzz: $(basename "$target") found a problem (exit $status); the input is in $(pwd)" >&2
        exit 1
    fi
    rm -f "$log"
done
echo "run-fuzz: no findings"

# Shared by the system tests: a throwaway home, checks that say what failed, and the demo server.
set -euo pipefail

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

check() { # check DESCRIPTION COMMAND... : the command must succeed
    local description="$1"
    shift
    "$@" || fail "$description"
    echo "ok: $description"
}

expect_exit() { # expect_exit CODE DESCRIPTION COMMAND...
    local expected="$1" description="$2"
    shift 2
    local status=0
    "$@" || status=$?
    [ "$status" -eq "$expected" ] || fail "$description: exit $status, expected $expected"
    echo "ok: $description (exit $status)"
}

make_home() {
    test_home="$(mktemp -d)"
    export HOME="$test_home" XDG_DATA_HOME="$test_home/.local/share" XDG_CONFIG_HOME="$test_home/.config"
    export XDG_CACHE_HOME="$test_home/.cache" XDG_RUNTIME_DIR="$test_home/runtime"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    unset REELWATCH_API_KEY REELWATCH_TOKEN REELWATCH_BASE_URL
    cleanup_items+=("$test_home")
}

start_demo_server() { # start_demo_server KEY : sets demo_url, demo_pid
    local log="$test_home/demo-server.log"
    # Made here, before the first look at it: the server's own redirection may come later, and a
    # failed read would end a caller running under set -e.
    : >"$log"
    "$reelwatch" demo-server --key "$1" >"$log" 2>&1 &
    demo_pid=$!
    for _ in $(seq 100); do
        demo_url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log")"
        [ -n "$demo_url" ] && return 0
        sleep 0.05
    done
    fail "the demo server did not start: $(cat "$log")"
}

# The secret must be nowhere in the home directory but the encrypted keyring.
assert_secret_absent() { # assert_secret_absent SECRET
    local hits
    hits="$(grep -rlaF --exclude-dir=keyrings -- "$1" "$test_home" || true)"
    [ -z "$hits" ] || fail "the secret was written to: $hits"
    echo "ok: the secret is nowhere in the home directory (database, settings, logs)"
}

cleanup_items=()
demo_pid=""
cleanup() {
    [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null || true
    for item in "${cleanup_items[@]}"; do rm -rf "$item"; done
}
trap cleanup EXIT

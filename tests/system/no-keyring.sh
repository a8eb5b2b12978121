#!/usr/bin/env bash
# No Secret Service at all: every key operation must say so plainly, exit 3, and write nothing.
# Run as: dbus-run-session --config-file=session-without-services.conf -- bash no-keyring.sh BINARY
source "$(dirname "$0")/common.sh"
reelwatch="$1"
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || fail "run me inside dbus-run-session"

make_home
secret="sk-nowhere-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The profile a user has set up (no profile exists until one is added).
"$reelwatch" profile add Gateway --base-url https://gateway.example.com >/dev/null || fail "profile add failed"

output="$(echo "$secret" | "$reelwatch" key set 2>&1)" && fail "key set succeeded without a keychain"
status=0
echo "$secret" | "$reelwatch" key set >/dev/null 2>&1 || status=$?
[ "$status" -eq 3 ] || fail "key set without a keychain: exit $status, expected 3"
plain_words() { # plain_words WHAT OUTPUT : the keyring's one plain sentence, said once, no D-Bus words
    [[ "$2" == *"No keyring service is running: install GNOME Keyring or KWallet."* ]] || fail "$1: unclear message: $2"
    [ "$(grep -o 'No keyring service is running' <<<"$2" | wc -l)" -eq 1 ] || fail "$1: said twice: $2"
    [[ "$2" == *"REELWATCH_API_KEY"* ]] || fail "$1: the message does not offer the one-run alternative: $2"
    for raw in org.freedesktop ServiceUnknown DBus D-Bus "service files" "Could not"; do
        [[ "$2" != *"$raw"* ]] || fail "$1: the keyring library's own words ($raw): $2"
    done
}
plain_words "key set" "$output"
echo "ok: key set says what is missing and how to fix it, in plain words (exit 3)"

expect_exit 3 "key status without a keychain" "$reelwatch" key status
plain_words "key status" "$("$reelwatch" key status 2>&1 || true)"
expect_exit 3 "key delete without a keychain" "$reelwatch" key delete
plain_words "key delete" "$("$reelwatch" key delete 2>&1 || true)"
expect_exit 3 "status of the default profile without a keychain" "$reelwatch" status video_abc
plain_words "status" "$("$reelwatch" status video_abc 2>&1 || true)"
echo "ok: every key command and status say the same plain sentence"
start_demo_server "$secret"
expect_exit 0 "an environment key still works without a keychain" \
    env REELWATCH_API_KEY="$secret" "$reelwatch" status --base-url "$demo_url" video_68f1a2b3c4d5e6f70811a001
assert_secret_absent "$secret"
echo "PASS: no-keyring"

#!/usr/bin/env bash
# Keys in a real Secret Service: gnome-keyring on a private D-Bus session, driven through the real
# binary. Run as: dbus-run-session -- bash keyring.sh /path/to/reelwatch
source "$(dirname "$0")/common.sh"
reelwatch="$1"
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || fail "run me inside dbus-run-session"
command -v gnome-keyring-daemon >/dev/null || fail "gnome-keyring-daemon is not installed"

make_home
# A login keyring unlocked with a test password, as a desktop session would have.
eval "$(printf 'test-password\n' | gnome-keyring-daemon --unlock --components=secrets)"

first_key="sk-system-first-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
real_key="sk-system-real-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_demo_server "$real_key"

check "a profile for the demo server" "$reelwatch" profile add Demo --base-url "$demo_url"
check "it becomes the default" "$reelwatch" profile set-default Demo
check "a task is stored" "$reelwatch" add video_68f1a2b3c4d5e6f70811a001 --label "Paper boat"

expect_exit 1 "key status before any key" "$reelwatch" key status
echo "$first_key" | "$reelwatch" key set >/dev/null || fail "key set"
echo "ok: key set from standard input"
status_text="$("$reelwatch" key status)"
[[ "$status_text" == *"…${first_key: -4}"* ]] || fail "key status does not end in the key's last 4: $status_text"
[[ "$status_text" != *"${first_key:0:20}"* ]] || fail "key status shows more than the last 4 characters"
echo "ok: key status shows the last 4 characters only"

expect_exit 3 "the wrong key is rejected by the server" "$reelwatch" status --all
printf '%s\r\n' "$real_key" | "$reelwatch" key set >/dev/null || fail "overwriting the key"
echo "ok: key overwritten (trailing CR LF trimmed)"
expect_exit 0 "status with the key from the keychain" "$reelwatch" status --all
list_json="$("$reelwatch" list --json)"
[[ "$list_json" == *'"status":"'* ]] || fail "the result was not recorded in the store: $list_json"
echo "ok: the result was recorded in the store"

override_text="$(REELWATCH_API_KEY=sk-env-override "$reelwatch" key status || true)"
[[ "$override_text" == *"REELWATCH_API_KEY is set"* ]] || fail "key status does not say the environment overrides the keychain"
echo "ok: key status says the environment overrides the keychain"
expect_exit 3 "an environment key overrides the keychain" env REELWATCH_API_KEY=sk-env-override-wrong "$reelwatch" status --all

"$reelwatch" export >"$test_home/export.json" || fail "export"
"$reelwatch" status -v --all >"$test_home/status.log" 2>&1 || fail "verbose status"
assert_secret_absent "$real_key"
assert_secret_absent "$first_key"

check "key delete" "$reelwatch" key delete
expect_exit 1 "key status after delete" "$reelwatch" key status
expect_exit 3 "status without a key" "$reelwatch" status --all
no_key_message="$("$reelwatch" status --all 2>&1 || true)"
[[ "$no_key_message" == *"reelwatch key set"* ]] || fail "the no-key message does not say how to fix it: $no_key_message"
echo "ok: the no-key message says how to fix it"

# A locked keyring whose unlock prompt cannot be shown (no display here): plain words, said once.
command -v dbus-send >/dev/null || fail "dbus-send is not installed"
dbus-send --session --dest=org.freedesktop.secrets --type=method_call --print-reply /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null \
    || fail "the keyring could not be locked"
status=0
locked_output="$(echo "$real_key" | "$reelwatch" key set 2>&1)" || status=$?
[ "$status" -eq 3 ] || fail "key set with the keyring locked: exit $status, expected 3: $locked_output"
sentence="The keyring is locked or refused access: unlock it and try again."
[[ "$locked_output" == *"$sentence"* ]] || fail "key set with the keyring locked: unclear message: $locked_output"
[ "$(grep -oF "$sentence" <<<"$locked_output" | wc -l)" -eq 1 ] || fail "said twice: $locked_output"
for raw in org.freedesktop DBus D-Bus collection "Could not"; do
    [[ "$locked_output" != *"$raw"* ]] || fail "the keyring library's own words ($raw): $locked_output"
done
echo "ok: a locked keyring is said in plain words (exit 3)"
assert_secret_absent "$real_key"
echo "PASS: keyring"

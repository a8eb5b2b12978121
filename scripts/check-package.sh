#!/usr/bin/env bash
# Builds the .deb and .tar.gz from a configured build directory, installs the .deb the way a user
# would, runs the installed program (command line, demo server, window under Xvfb), runs lintian,
# inspects the tarball and purges the package again, checking that nothing of it remains.
# Run as root on a Debian/Ubuntu machine prepared by scripts/install-deps.sh; only the reelwatch
# package is installed and purged (dependencies apt-get adds stay, as they would for a user).
#
# Usage: scripts/check-package.sh BUILD_DIR [OUT_DIR]
#   BUILD_DIR  a configured (and preferably built) Release/RelWithDebInfo build directory
#   OUT_DIR    where the packages, lintian.txt, the listings and screenshot.png go
#              (default: BUILD_DIR/package)
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir="$(pwd)"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 BUILD_DIR [OUT_DIR]" >&2
    exit 2
fi
build_dir="$(cd "$1" && pwd)"
out_dir="${2:-$build_dir/package}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# fail, check, expect_exit, make_home and start_demo_server; its EXIT trap is replaced below.
source tests/system/common.sh
reelwatch=/usr/bin/reelwatch
package=reelwatch

step() {
    echo
    echo "== $*"
}

installed_by_us=0
finish() {
    local status=$?
    cleanup
    if [ "$installed_by_us" -eq 1 ] && dpkg-query -W "$package" >/dev/null 2>&1; then
        echo "check-package: purging $package after the failure above" >&2
        dpkg --purge "$package" >/dev/null 2>&1 || true
    fi
    if [ "$status" -eq 0 ]; then
        echo
        echo "check-package: all checks passed; packages, lintian.txt and screenshot.png are in $out_dir"
    else
        echo "check-package: FAILED (exit $status); logs are in $out_dir" >&2
    fi
}
trap finish EXIT

step "Preconditions"
[ "$(id -u)" -eq 0 ] || fail "run as root: the .deb is installed and purged with dpkg"
for tool in cpack dpkg dpkg-deb dpkg-shlibdeps apt-get lintian readelf file tar Xvfb import identify \
    dbus-run-session; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing: run scripts/install-deps.sh"
done
[ -f "$build_dir/CPackConfig.cmake" ] || fail "$build_dir has no CPackConfig.cmake: configure it with CMake first"
if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qvx not-installed; then
    fail "$package is already installed (or half-installed): run 'dpkg --purge $package' first"
fi
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")"
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build_dir/CMakeCache.txt"
echo "ok: building version $version from $build_dir into $out_dir"

step "Building the packages (cpack: DEB and TGZ)"
rm -rf "$out_dir"/_CPack_Packages "$out_dir"/reelwatch*.deb* "$out_dir"/reelwatch-*.tar.gz*
cpack --config "$build_dir/CPackConfig.cmake" -G "DEB;TGZ" -B "$out_dir" >"$out_dir/cpack.log" 2>&1 \
    || fail "cpack failed; see $out_dir/cpack.log: $(tail -n 20 "$out_dir/cpack.log")"
rm -rf "$out_dir/_CPack_Packages"
shopt -s nullglob
debs=("$out_dir"/reelwatch_*.deb)
tarballs=("$out_dir"/reelwatch-*.tar.gz)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || fail "expected one .deb in $out_dir, found ${#debs[@]}"
[ "${#tarballs[@]}" -eq 1 ] || fail "expected one .tar.gz in $out_dir, found ${#tarballs[@]}"
deb="${debs[0]}"
tarball="${tarballs[0]}"
echo "ok: $(basename "$deb") ($(du -h "$deb" | cut -f1)), $(basename "$tarball") ($(du -h "$tarball" | cut -f1))"
# A second run must give the same bytes (time stamps from SOURCE_DATE_EPOCH or the last commit).
again="$(mktemp -d)"
cleanup_items+=("$again")
cpack --config "$build_dir/CPackConfig.cmake" -G "DEB;TGZ" -B "$again" >"$out_dir/cpack-again.log" 2>&1 \
    || fail "the second cpack run failed; see $out_dir/cpack-again.log"
cmp -s "$deb" "$again/$(basename "$deb")" || fail "a second cpack run gave a different .deb"
cmp -s "$tarball" "$again/$(basename "$tarball")" || fail "a second cpack run gave a different .tar.gz"
echo "ok: a second cpack run gives the same bytes (reproducible)"

step "Package metadata"
dpkg-deb --info "$deb" | tee "$out_dir/deb-info.txt"
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = "$package" ] || fail "Package is '$(field Package)', expected $package"
[[ "$(field Version)" == "$version"-* ]] || fail "Version is '$(field Version)', expected $version-<revision>"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
depends="$(field Depends)"
# The libraries dpkg-shlibdeps must have found, and the plugins and the keychain back end named by hand.
for needed in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6dbus6 libqt6httpserver6 \
    libqt6multimedia6 libqt6keychain1 libqt6sql6-sqlite libqt6svg6 libsecret-1-0; do
    grep -qE "(^|, )$needed( |,|$)" <<<"$depends" || fail "Depends lacks $needed: $depends"
done
echo "ok: Depends names the Qt 6 libraries, QtKeychain, the SQLite driver, the SVG plugins and libsecret"
changelog_version="$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/doc/reelwatch/changelog.Debian.gz \
    | gzip -dc | sed -n '1s/^reelwatch (\([^)]*\)).*/\1/p')"
[ "$changelog_version" = "$(field Version)" ] \
    || fail "packaging/debian/changelog starts with '$changelog_version', the package is $(field Version): add an entry"
echo "ok: the Debian changelog's latest entry is $changelog_version"

# Files every package must hold, relative to the prefix; each file the .deb has must also be in the tarball.
required_files=(
    bin/reelwatch
    share/applications/io.github.reelwatch.Reelwatch.desktop
    share/metainfo/io.github.reelwatch.Reelwatch.metainfo.xml
    share/icons/hicolor/scalable/apps/io.github.reelwatch.Reelwatch.svg
    share/man/man1/reelwatch.1.gz
    share/bash-completion/completions/reelwatch
    share/doc/reelwatch/copyright
)

step "Installing the .deb (dpkg -i, then apt-get -f install for missing dependencies)"
installed_by_us=1
if ! dpkg -i "$deb" >"$out_dir/dpkg-install.log" 2>&1; then
    echo "dpkg -i left dependencies to install: $(grep -o 'depends on [^;]*' "$out_dir/dpkg-install.log" | sort -u | tr '\n' ' ')"
    DEBIAN_FRONTEND=noninteractive apt-get -f install -y -q >>"$out_dir/dpkg-install.log" 2>&1 \
        || fail "apt-get -f install failed; see $out_dir/dpkg-install.log"
fi
[ "$(dpkg-query -W -f='${db:Status-Status}' "$package")" = installed ] \
    || fail "$package is not installed after dpkg -i and apt-get -f install; see $out_dir/dpkg-install.log"
echo "ok: $package $(dpkg-query -W -f='${Version}' "$package") is installed"

step "Installed files (dpkg -L)"
dpkg -L "$package" | sort >"$out_dir/installed-files.txt"
installed_regular=()
while IFS= read -r path; do
    if [ -f "$path" ] || [ -L "$path" ]; then installed_regular+=("$path"); fi
done <"$out_dir/installed-files.txt"
for relative in "${required_files[@]}"; do
    grep -qx "/usr/$relative" "$out_dir/installed-files.txt" || fail "dpkg -L $package lacks /usr/$relative"
    [ -e "/usr/$relative" ] || fail "/usr/$relative is listed but missing"
done
echo "ok: ${#installed_regular[@]} files, among them: ${required_files[*]}"
if grep -v '^/usr\(/\|$\)' "$out_dir/installed-files.txt" | grep -qvx '/\.'; then
    fail "files outside /usr: $(grep -v '^/usr' "$out_dir/installed-files.txt" | grep -vx '/\.' | tr '\n' ' ')"
fi
echo "ok: everything is under /usr"
bad_modes="$(for path in "${installed_regular[@]}"; do
    [ -L "$path" ] && continue
    mode="$(stat -c %a "$path")"
    owner="$(stat -c %U:%G "$path")"
    expected=644
    [ "$path" = "$reelwatch" ] && expected=755
    [ "$mode" = "$expected" ] && [ "$owner" = root:root ] || echo "$path ($mode $owner)"
done)"
[ -z "$bad_modes" ] || fail "files with unexpected modes or owners: $bad_modes"
bad_dirs="$(dpkg-deb -c "$deb" | awk '$1 ~ /^d/ && ($1 != "drwxr-xr-x" || $2 != "root/root") { print $NF }')"
[ -z "$bad_dirs" ] || fail "directories in the .deb with a mode other than 755 root:root: $bad_dirs"
echo "ok: root:root, 755 for the executable and the directories, 644 for the rest"

step "The installed executable: stripped, no RPATH, no build paths"
file -b "$reelwatch" | grep -q ', stripped' || fail "$reelwatch is not stripped: $(file -b "$reelwatch")"
if readelf -d "$reelwatch" | grep -qE '\((RPATH|RUNPATH)\)'; then
    fail "$reelwatch has a library search path: $(readelf -d "$reelwatch" | grep -E 'RPATH|RUNPATH')"
fi
for tree in "$build_dir" "$source_dir"; do
    if grep -qaF "$tree" "$reelwatch"; then fail "$reelwatch contains the path $tree"; fi
done
echo "ok: $(file -b "$reelwatch" | cut -d, -f1-2), stripped, no RPATH/RUNPATH, no path of the build or source tree"

step "reelwatch --version"
make_home
version_output="$("$reelwatch" --version)" || fail "$reelwatch --version exited $?"
echo "$version_output"
[ "$version_output" = "reelwatch $version" ] || fail "--version printed '$version_output', expected 'reelwatch $version'"
echo "ok: prints the project version"

step "reelwatch status against the installed demo server"
demo_key="demo-$RANDOM$RANDOM"
start_demo_server "$demo_key" # port 0: the server takes a free loopback port and prints its URL
[[ "$demo_url" =~ ^http://127\.0\.0\.1:[0-9]+/?$ ]] || fail "unexpected demo server URL '$demo_url'"
demo_url="${demo_url%/}"
# The sample line is written after the "listening on" line start_demo_server waited for.
sample_id=""
for _ in $(seq 100); do
    sample_id="$(sed -n 's/^Sample tasks: \([^ ]*\).*/\1/p' "$test_home/demo-server.log")"
    [ -n "$sample_id" ] && break
    sleep 0.05
done
[ -n "$sample_id" ] || fail "the demo server printed no sample tasks: $(cat "$test_home/demo-server.log")"
echo "demo server: $demo_url, sample task $sample_id"
status_output="$(REELWATCH_API_KEY="$demo_key" "$reelwatch" status "$sample_id" --base-url "$demo_url" 2>&1)" \
    || fail "reelwatch status exited $?: $status_output"
echo "$status_output"
grep -qF "$sample_id" <<<"$status_output" || fail "the status output does not mention $sample_id"
grep -qE "NOT_START|SUBMITTED|QUEUED|IN_PROGRESS|SUCCESS|FAILURE" <<<"$status_output" \
    || fail "the status output shows no status"
echo "ok: status exits 0 and shows $sample_id"
expect_exit 1 "status of a task the server does not know" \
    env REELWATCH_API_KEY="$demo_key" "$reelwatch" status video_not_on_this_server --base-url "$demo_url"
expect_exit 3 "status with a key the server rejects" \
    env REELWATCH_API_KEY="wrong-$demo_key" "$reelwatch" status "$sample_id" --base-url "$demo_url"
kill "$demo_pid" 2>/dev/null || true
wait "$demo_pid" 2>/dev/null || true
demo_pid=""

step "reelwatch --demo under Xvfb, private D-Bus session, screenshot"
screenshot="$out_dir/screenshot.png"
rm -f "$screenshot"
scripts/screenshot.sh "$reelwatch" "$screenshot" 6 light window >"$out_dir/screenshot.log" 2>&1 \
    || fail "scripts/screenshot.sh failed: $(cat "$out_dir/screenshot.log")"
[ -s "$screenshot" ] || fail "no screenshot was written"
# An empty X screen is one or two colours; the window with its text and badges is hundreds.
read -r width height colours < <(identify -format '%w %h %k\n' "$screenshot")
[ "$colours" -ge 64 ] || fail "the screenshot shows no window ($colours colours): $screenshot"
echo "ok: $screenshot (${width}x$height, $colours colours)"

step "lintian"
lintian_status=0
lintian --fail-on none --tag-display-limit 0 --display-info "$deb" >"$out_dir/lintian.txt" 2>&1 || lintian_status=$?
cat "$out_dir/lintian.txt"
[ "$lintian_status" -eq 0 ] || fail "lintian itself failed (exit $lintian_status)"
if grep -q '^E: ' "$out_dir/lintian.txt"; then
    fail "lintian errors: $(grep '^E: ' "$out_dir/lintian.txt" | tr '\n' ' ')"
fi
# Every warning left must be explained in packaging/README.md, where the tag appears in backquotes.
unexplained=""
for tag in $(sed -n 's/^W: [^:]*: \([a-z0-9-]*\).*/\1/p' "$out_dir/lintian.txt" | sort -u); do
    grep -qF "\`$tag\`" packaging/README.md || unexplained="$unexplained $tag"
done
[ -z "$unexplained" ] || fail "lintian warnings not explained in packaging/README.md:$unexplained"
echo "ok: no errors; $(grep -c '^W: ' "$out_dir/lintian.txt" || true) warnings, each explained in packaging/README.md"

step "The tarball"
tar -tzf "$tarball" | sort >"$out_dir/tarball-contents.txt"
top="$(head -n 1 "$out_dir/tarball-contents.txt" | cut -d/ -f1)"
[ "$top" = "$(basename "$tarball" .tar.gz)" ] || fail "the tarball does not unpack into one directory named after it"
for relative in "${required_files[@]}"; do
    grep -qx "$top/$relative" "$out_dir/tarball-contents.txt" || fail "the tarball lacks $top/$relative"
done
for path in "${installed_regular[@]}"; do
    grep -qx "$top/${path#/usr/}" "$out_dir/tarball-contents.txt" || fail "the .deb has $path, the tarball does not"
done
unpacked="$(mktemp -d)"
cleanup_items+=("$unpacked")
tar -xzf "$tarball" -C "$unpacked"
tar_version="$("$unpacked/$top/bin/reelwatch" --version)" || fail "the tarball's bin/reelwatch does not run"
[ "$tar_version" = "reelwatch $version" ] || fail "the tarball's bin/reelwatch printed '$tar_version'"
file -b "$unpacked/$top/bin/reelwatch" | grep -q ', stripped' || fail "the tarball's bin/reelwatch is not stripped"
echo "ok: $(wc -l <"$out_dir/tarball-contents.txt") entries under $top/, the same files as the .deb, bin/reelwatch runs"

step "Purging the package"
dpkg --purge "$package" >"$out_dir/dpkg-purge.log" 2>&1 || fail "dpkg --purge failed: $(cat "$out_dir/dpkg-purge.log")"
installed_by_us=0
if dpkg -L "$package" >/dev/null 2>&1; then fail "dpkg -L $package still answers after the purge"; fi
[ ! -e "$reelwatch" ] || fail "$reelwatch is still there"
left=""
for path in "${installed_regular[@]}"; do
    if [ -e "$path" ] || [ -L "$path" ]; then left="$left $path"; fi
done
[ -z "$left" ] || fail "files left after the purge:$left"
[ ! -e /usr/share/doc/reelwatch ] || fail "/usr/share/doc/reelwatch is still there"
echo "ok: dpkg knows no $package any more and none of its ${#installed_regular[@]} files remain"

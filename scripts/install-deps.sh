#!/usr/bin/env bash
# Installs everything Reelwatch needs to build, run and test on Debian/Ubuntu (apt). Idempotent:
# when every package is already there it only checks and returns. Other platforms: --print shows
# the equivalent package names for Fedora, Arch, macOS Homebrew and Windows vcpkg.
#
# Usage: scripts/install-deps.sh [--print]
set -euo pipefail

# Build: compiler, CMake/Ninja, Qt 6 (Core, Network, Sql + SQLite driver, DBus, Widgets, Test,
# Concurrent, HttpServer, Multimedia, Linguist tools), QtKeychain.
build_packages=(
    g++ cmake ninja-build pkg-config
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-httpserver-dev
    # Debian's qt6-httpserver-dev forgets this dependency; without it find_package(HttpServer) fails.
    qt6-websockets-dev
    qtkeychain-qt6-dev libqt6sql6-sqlite libgl-dev
    # SVG icons: the imageformats and iconengines plugins.
    qt6-svg-dev
    # The preview player. Its GStreamer back end plays through these plugin sets (playbin, the
    # demuxers and decoders of common video files); without them the preview offers the system player.
    qt6-multimedia-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good
)
# Tests: the Secret Service, notification daemon and system tray the system tests talk to, a virtual X server,
# screenshots (and xdotool to open the preview in one), clang for the fuzz targets, clang-format for the style check.
test_packages=(
    dbus dbus-x11 gnome-keyring libsecret-tools dunst trayer xvfb xauth x11-utils imagemagick xdotool curl time
    clang libclang-rt-dev clang-format
    # python3 checks the English plural forms of the translations.
    python3
    # scripts/check-package.sh: dpkg-shlibdeps for the .deb's dependencies, lintian, file for the stripped check.
    dpkg-dev lintian file
    # tst_packaging: the .desktop and metainfo validators, the man page checks, the zsh completion's syntax.
    desktop-file-utils appstream man-db zsh
    # packaging/windows/check-nsis.sh: the Windows installer's CPack configuration, built with makensis.
    nsis
)

print_equivalents() {
    cat <<'LIST'
Equivalent packages on other platforms:
  Fedora:   sudo dnf install gcc-c++ cmake ninja-build qt6-qtbase-devel qt6-qttools-devel \
              qt6-qthttpserver-devel qt6-qtwebsockets-devel qt6-qtmultimedia-devel qtkeychain-qt6-devel \
              gstreamer1-plugins-good dbus-daemon gnome-keyring dunst trayer xorg-x11-server-Xvfb ImageMagick clang compiler-rt
  Arch:     sudo pacman -S --needed base-devel cmake ninja qt6-base qt6-tools qt6-httpserver \
              qt6-websockets qt6-multimedia gst-plugins-good qtkeychain-qt6 gnome-keyring dunst xorg-server-xvfb imagemagick clang
  macOS:    brew install cmake ninja qt qtkeychain      (Qt 6 from Homebrew includes HttpServer)
  Windows:  vcpkg install qtbase[sql-sqlite,network,widgets,dbus] qthttpserver qtmultimedia qttools qtkeychain-qt6
            (then configure with -DCMAKE_TOOLCHAIN_FILE=<vcpkg>/scripts/buildsystems/vcpkg.cmake)
LIST
}

if [ "${1:-}" = "--print" ]; then
    echo "Debian/Ubuntu: apt-get install ${build_packages[*]} ${test_packages[*]}" | sed 's/ # .*//'
    print_equivalents
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps: this machine has no apt; install the equivalents by hand:" >&2
    print_equivalents >&2
    exit 1
fi

wanted=()
for package in "${build_packages[@]}" "${test_packages[@]}"; do
    wanted+=("$package")
done
missing=()
for package in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed; then
        missing+=("$package")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#wanted[@]} packages are installed"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "install-deps: done"

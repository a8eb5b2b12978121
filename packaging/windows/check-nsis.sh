#!/usr/bin/env bash
# Builds the NSIS installer and the .zip from packaging/windows/cpack.cmake around placeholder
# files, on Linux, with Debian's makensis (package nsis). It proves the configuration produces a
# valid NSIS script (icons, shortcuts, PATH page, uninstall commands); it does not build Reelwatch
# for Windows. Set KEEP=1 to keep the generated project.nsi for inspection.
#
# Usage: packaging/windows/check-nsis.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
[ -n "${KEEP:-}" ] && echo "check-nsis: keeping $work" || trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
cat >"$work/src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.21)
project(Reelwatch VERSION 0.1.0 LANGUAGES NONE)
file(WRITE \${CMAKE_BINARY_DIR}/reelwatch.exe "placeholder")
file(WRITE \${CMAKE_BINARY_DIR}/reelwatch.com "placeholder")
install(FILES \${CMAKE_BINARY_DIR}/reelwatch.exe \${CMAKE_BINARY_DIR}/reelwatch.com DESTINATION bin)
set(CPACK_PACKAGE_NAME reelwatch)
set(CPACK_PACKAGE_VENDOR "The Reelwatch developers")
set(CPACK_PACKAGE_CONTACT "The Reelwatch developers <reelwatch@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/reelwatch/reelwatch")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Reelwatch)
include($here/cpack.cmake)
include(CPack)
CMAKE
cmake -S "$work/src" -B "$work/build" >/dev/null
(cd "$work/build" && cpack)
installer="$(find "$work/build" -maxdepth 1 -name 'Reelwatch-*.exe' -print -quit)"
[ -n "$installer" ] || { echo "check-nsis: makensis made no installer" >&2; exit 1; }
echo "check-nsis: ok, $(basename "$installer") ($(stat -c %s "$installer") bytes)"

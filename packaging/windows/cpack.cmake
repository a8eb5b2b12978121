# Windows packages, included by packaging/cpack.cmake before include(CPack): an NSIS installer
# (Start-menu shortcut, optional desktop shortcut and PATH entry, uninstaller in Apps & features)
# and a .zip of the same files to run without installing. What they contain is the install tree
# that packaging/deploy.cmake completes with windeployqt. Steps: packaging/windows/README.md.

set(CPACK_GENERATOR NSIS ZIP)
set(CPACK_PACKAGE_FILE_NAME "Reelwatch-${PROJECT_VERSION}-windows-x64")

# Installed into "C:\Program Files\Reelwatch" (CPACK_PACKAGE_INSTALL_DIRECTORY) for all users.
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY Reelwatch)
set(CPACK_NSIS_PACKAGE_NAME Reelwatch)
set(CPACK_NSIS_DISPLAY_NAME Reelwatch)
set(CPACK_NSIS_URL_INFO_ABOUT ${CPACK_PACKAGE_HOMEPAGE_URL})
set(CPACK_NSIS_HELP_LINK ${CPACK_PACKAGE_HOMEPAGE_URL})
set(CPACK_NSIS_CONTACT ${CPACK_PACKAGE_CONTACT})
# Installing over an older version removes it first (asks), so no stale DLLs or plugins survive.
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)

# Icons: the installer and uninstaller, and the entry in Apps & features (taken from the
# executable's own icon resource).
set(CPACK_NSIS_MUI_ICON ${CMAKE_CURRENT_LIST_DIR}/reelwatch.ico)
set(CPACK_NSIS_MUI_UNIICON ${CMAKE_CURRENT_LIST_DIR}/reelwatch.ico)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\reelwatch.exe")

# Start-menu shortcut "Reelwatch" to bin\reelwatch.exe (the GUI-subsystem program, see
# packaging/deploy.cmake), a desktop shortcut if the user ticks it, and "Run Reelwatch" on the
# last page.
set(CPACK_PACKAGE_EXECUTABLES reelwatch Reelwatch)
set(CPACK_CREATE_DESKTOP_LINKS reelwatch)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN reelwatch.exe)
# Offers to add bin\ to PATH so `reelwatch status` works in any terminal (reelwatch.com answers).
set(CPACK_NSIS_MODIFY_PATH ON)

# No license has been chosen yet (packaging/README.md, open decisions); without this CPack would
# show its generic placeholder text as the license page. CMake 3.22 and later honour it.
set(CPACK_NSIS_IGNORE_LICENSE_PAGE ON)

# The uninstaller also removes the "Start at login" value Reelwatch may have written (ui/autostart),
# so an uninstalled program is not started at the next login. It runs as the user who uninstalls.
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS
    "DeleteRegValue HKCU 'Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run' 'Reelwatch'")

# Binary packages through CPack: a .deb and a .tar.gz on Linux; packaging/windows/cpack.cmake and
# packaging/macos/cpack.cmake add their own generators. Every package holds exactly what the
# install() rules install (the executable, and the desktop file, metainfo, icons, man page and
# completions from packaging/CMakeLists.txt), so a file added there reaches every package.
#
#   cmake --build <dir> && cpack --config <dir>/CPackConfig.cmake -B <dir>/package
#
# packaging/README.md explains each choice below and scripts/check-package.sh tests the result.

set(CPACK_PACKAGE_NAME reelwatch)
set(CPACK_PACKAGE_VENDOR "The Reelwatch developers")
set(CPACK_PACKAGE_CONTACT "The Reelwatch developers <reelwatch@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/reelwatch/reelwatch")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Reelwatch)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "monitor for video renders on OpenAI/Sora-compatible APIs")
# The long description, as Debian wants it: plain paragraphs, no line over 80 columns; CPack
# indents each line and turns the empty one into " .".
set(CPACK_PACKAGE_DESCRIPTION
    "Reelwatch polls the video render tasks of OpenAI/Sora-compatible APIs and
gateways, shows each task's status in a table, raises a desktop notification
when a render finishes and saves the video in one click.

The same executable is a command-line tool (status, watch, download) for
scripts and servers, and includes a local demo server to try it out. API keys
are kept in the system keychain (Secret Service), never in plain files.")
set(CPACK_PACKAGE_CHECKSUM SHA256)

# Release builds: no debug information and no build-tree paths in what is shipped. CMake already
# drops the build RPATH when it installs (CMAKE_INSTALL_RPATH is empty and Qt lives in the
# system's library directories); scripts/check-package.sh checks the packaged binary has none.
set(CPACK_STRIP_FILES ON)
# Modes independent of the umask of whoever builds the package.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                                WORLD_READ WORLD_EXECUTE)

# Time stamps in the archives: SOURCE_DATE_EPOCH when the caller sets it, else the last commit's
# time, read when cpack runs (this file is included by cpack itself), so two packages of one commit
# are byte for byte the same. Outside a git checkout the files keep their own times.
set(reelwatch_cpack_project_config ${CMAKE_BINARY_DIR}/cpack/CPackProjectConfig.cmake)
file(WRITE ${reelwatch_cpack_project_config}
     "if(NOT DEFINED ENV{SOURCE_DATE_EPOCH})
    execute_process(COMMAND git -C \"${CMAKE_SOURCE_DIR}\" log -1 --format=%ct
                    OUTPUT_VARIABLE commit_time OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(commit_time MATCHES \"^[0-9]+$\")
        set(ENV{SOURCE_DATE_EPOCH} \"\${commit_time}\")
    endif()
endif()
")
set(CPACK_PROJECT_CONFIG_FILE ${reelwatch_cpack_project_config})

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build/" "/\\\\.cache/")

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # Debian's copyright and changelog files, for the .deb (and harmless in the tarball). The
    # changelog is compressed here, with no name or time stamp in the gzip header, so two builds of
    # one version give the same bytes.
    set(reelwatch_doc_dir ${CMAKE_INSTALL_DATAROOTDIR}/doc/reelwatch)
    set(reelwatch_changelog ${CMAKE_CURRENT_LIST_DIR}/debian/changelog)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${reelwatch_changelog})
    file(STRINGS ${reelwatch_changelog} reelwatch_changelog_head LIMIT_COUNT 1)
    if(NOT reelwatch_changelog_head MATCHES "^reelwatch \\(${PROJECT_VERSION}-[0-9]+\\)")
        message(WARNING "packaging/debian/changelog does not start with version ${PROJECT_VERSION}: "
                        "add an entry for it before building a .deb")
    endif()
    find_program(REELWATCH_GZIP gzip)
    if(REELWATCH_GZIP)
        set(reelwatch_changelog_gz ${CMAKE_BINARY_DIR}/cpack/changelog.Debian.gz)
        file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/cpack)
        execute_process(COMMAND ${REELWATCH_GZIP} -9 -n -c ${reelwatch_changelog} OUTPUT_FILE ${reelwatch_changelog_gz}
                        RESULT_VARIABLE reelwatch_gzip_result)
        if(reelwatch_gzip_result EQUAL 0)
            install(FILES ${reelwatch_changelog_gz} DESTINATION ${reelwatch_doc_dir})
        endif()
    endif()
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright DESTINATION ${reelwatch_doc_dir})
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/reelwatch.lintian-overrides
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME reelwatch)
    # CPACK_STRIP_FILES strips the debug information; this also drops the compiler's version
    # strings (.comment, .note), as Debian's own dh_strip does.
    if(CMAKE_STRIP)
        install(CODE "if(CMAKE_INSTALL_DO_STRIP)
            execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment --remove-section=.note
                            \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/reelwatch\"
                            COMMAND_ERROR_IS_FATAL ANY)
        endif()")
    endif()

    find_program(REELWATCH_DPKG dpkg)
    if(REELWATCH_DPKG)
        set(CPACK_GENERATOR DEB TGZ)
    else()
        message(STATUS "dpkg not found: 'cpack' builds the .tar.gz only")
        set(CPACK_GENERATOR TGZ)
    endif()

    set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # reelwatch_0.1.0-1_amd64.deb
    set(CPACK_DEBIAN_PACKAGE_SECTION video)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${CPACK_PACKAGE_HOMEPAGE_URL})
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
    set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
    if(REELWATCH_DPKG)
        execute_process(COMMAND ${REELWATCH_DPKG} --print-architecture OUTPUT_VARIABLE reelwatch_deb_architecture
                        OUTPUT_STRIP_TRAILING_WHITESPACE)
        set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${reelwatch_deb_architecture})
    endif()
    # dpkg-shlibdeps turns the libraries the executable links (Qt 6 Core/Gui/Widgets/Network/Sql/
    # DBus/HttpServer/Multimedia, QtKeychain, libstdc++) into versioned dependencies. It cannot
    # see what Qt and QtKeychain load at run time, so those are listed by hand:
    #   libqt6sql6-sqlite  the QSQLITE driver plugin: without it the task database cannot open
    #   libqt6svg6         the SVG image and icon-engine plugins: the app and status icons are SVG
    #   libsecret-1-0      QtKeychain dlopen()s it to reach the Secret Service; without it keys
    #                      cannot be stored anywhere but in KWallet (there is no plaintext fallback)
    # The X11 platform plugin (libqxcb) is part of libqt6gui6, which shlibdeps already lists.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, libsecret-1-0")
    # A Secret Service to store keys in (QtKeychain also talks to KWallet directly), the Wayland
    # platform plugin so a Wayland session does not need XWayland. The preview player's GStreamer
    # back end (part of libqt6multimedia6, which shlibdeps lists) plays through the base and good
    # plugin sets; without them the preview says so and offers the system player instead.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
        "gnome-keyring | libkf5wallet-bin | keepassxc, qt6-wayland, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good")
    # Desktop notifications: every desktop brings a daemon; bare window managers may not. Without
    # one Reelwatch shows the tray icon's own message instead.
    set(CPACK_DEBIAN_PACKAGE_SUGGESTS "notification-daemon")

    # The tarball unpacks into reelwatch-0.1.0-Linux-x86_64/ with bin/ and share/ inside.
    set(CPACK_PACKAGE_FILE_NAME "reelwatch-${PROJECT_VERSION}-Linux-${CMAKE_SYSTEM_PROCESSOR}")
endif()

# The Windows and macOS configurations (generators, bundle, deployment of the Qt libraries).
if(WIN32)
    include(${CMAKE_CURRENT_LIST_DIR}/windows/cpack.cmake OPTIONAL)
elseif(APPLE)
    include(${CMAKE_CURRENT_LIST_DIR}/macos/cpack.cmake OPTIONAL)
endif()

include(CPack)

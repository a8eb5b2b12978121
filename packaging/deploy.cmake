# Windows and macOS: what turns the `reelwatch` target into something a user can install there.
# Included from the top-level CMakeLists.txt right after install(TARGETS reelwatch ...). On Linux
# (and every other platform) it only defines two helper functions and changes nothing: the .deb,
# the .tar.gz and the Flatpak install exactly what the install() rules elsewhere say.
#
#   Windows  reelwatch.exe (GUI subsystem) + reelwatch.com (console twin), icon and version
#            resource, the MSVC runtime, Qt through windeployqt, every other DLL the program and
#            its plugins load, then a check that nothing the program needs is missing.
#   macOS    Reelwatch.app with packaging/macos/Info.plist.in and the .icns, Qt and QtKeychain
#            through macdeployqt, a code signature, then the same check.
#
# packaging/windows/README.md and packaging/macos/README.md give the build steps.

# qt_generate_deploy_app_script() takes FILENAME_VARIABLE up to Qt 6.4 and OUTPUT_SCRIPT from 6.5
# on (where FILENAME_VARIABLE is deprecated); both give the path of a script for install(SCRIPT).
# Qt 6.4 supports it on Windows and macOS only, which is all it is used for here.
function(reelwatch_qt_deploy_script target out_var)
    if(Qt6_VERSION VERSION_LESS 6.5)
        qt_generate_deploy_app_script(TARGET ${target} FILENAME_VARIABLE script)
    else()
        qt_generate_deploy_app_script(TARGET ${target} OUTPUT_SCRIPT script)
    endif()
    set(${out_var} ${script} PARENT_SCOPE)
endfunction()

# Fails the install (and so the package) when a file the program cannot run without is missing
# from the installed tree, instead of shipping an installer that starts and then cannot open its
# database, draw its icons or make an HTTPS request. `patterns` are globs relative to the prefix;
# a `|` inside one means "any of these".
function(reelwatch_install_check)
    set(patterns "${ARGN}")
    install(CODE "
        set(prefix \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
        set(missing)
        foreach(pattern IN ITEMS ${patterns})
            string(REPLACE \"|\" \";\" alternatives \"\${pattern}\")
            set(found)
            foreach(alternative IN LISTS alternatives)
                file(GLOB hits \"\${prefix}/\${alternative}\")
                list(APPEND found \${hits})
            endforeach()
            if(NOT found)
                list(APPEND missing \"\${pattern}\")
            endif()
        endforeach()
        if(missing)
            list(JOIN missing \"\\n  \" missing_lines)
            message(FATAL_ERROR \"The installed tree in \${prefix} lacks files Reelwatch needs at run time:\\n  \${missing_lines}\")
        endif()
        message(STATUS \"Reelwatch: every run-time file is in place\")
    ")
endfunction()

# Everything below is for Windows and macOS only; the helpers above define functions and nothing else.
if(NOT WIN32 AND NOT APPLE)
    return()
endif()

if(WIN32)
    # One binary is both the window and the command line, and Windows decides at link time whether
    # an .exe is a console program. A GUI-subsystem .exe started from the Start menu, the Run key
    # (Start at login) or a file manager opens no console window, but typed into cmd or PowerShell
    # it detaches at once: the prompt returns, nothing is printed and the exit code is lost. A
    # console .exe works in a terminal but opens a black console window next to the main window
    # every time it is started any other way, including at every login.
    #
    # So there are two: reelwatch.exe is the GUI-subsystem program that shortcuts and the Run key
    # start, and reelwatch.com is the same code linked as a console program. cmd and PowerShell
    # try .COM before .EXE (PATHEXT), so `reelwatch status` in a terminal runs the console twin and
    # behaves like on Linux, while the Start-menu shortcut runs reelwatch.exe. (The .com is a normal
    # PE executable; only its name differs. Visual Studio's devenv.com/devenv.exe work this way.)
    set_target_properties(reelwatch PROPERTIES WIN32_EXECUTABLE ON)

    add_executable(reelwatch_console ${CMAKE_SOURCE_DIR}/ui/shell/main.cpp)
    target_link_libraries(reelwatch_console PRIVATE reelwatch_ui reelwatch_warnings)
    # Its own build directory: two targets writing reelwatch.pdb/.ilk into one folder would clash.
    set_target_properties(reelwatch_console PROPERTIES OUTPUT_NAME reelwatch SUFFIX .com
                                                       RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin-console)
    install(TARGETS reelwatch_console RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

    # Icon (Explorer, taskbar, the Start-menu shortcut, Apps & features) and version information
    # (Properties > Details), compiled into both executables.
    set(REELWATCH_ICO ${CMAKE_CURRENT_LIST_DIR}/windows/reelwatch.ico)
    configure_file(${CMAKE_CURRENT_LIST_DIR}/windows/reelwatch.rc.in ${CMAKE_BINARY_DIR}/generated/reelwatch.rc @ONLY)
    target_sources(reelwatch PRIVATE ${CMAKE_BINARY_DIR}/generated/reelwatch.rc)
    target_sources(reelwatch_console PRIVATE ${CMAKE_BINARY_DIR}/generated/reelwatch.rc)

    # The C++ runtime next to the executables, so no separate Visual C++ Redistributable is needed.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
    include(InstallRequiredSystemLibraries)

    # windeployqt: the Qt DLLs the executable links, qt.conf, and the plugins of those modules:
    # platforms/qwindows, styles/qwindowsvistastyle, imageformats (qsvg among them, which brings
    # Qt6Svg), iconengines/qsvgicon, sqldrivers/qsqlite and tls/ (qschannelbackend works with no
    # extra DLLs; qopensslbackend is used only when OpenSSL 3 DLLs are next to it).
    reelwatch_qt_deploy_script(reelwatch reelwatch_deploy_script)
    install(SCRIPT ${reelwatch_deploy_script})

    # windeployqt copies Qt's own DLLs only. Everything else the executable or a deployed plugin
    # loads is copied here from the folders of Qt and QtKeychain: qt6keychain.dll always, and with
    # a vcpkg-built Qt also its third-party DLLs (zlib, pcre2, sqlite3 for qsqlite, libpng, ...).
    # Windows' own DLLs stay out.
    install(CODE "
        set(prefix \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
        set(bin \"\${prefix}/${CMAKE_INSTALL_BINDIR}\")
        file(GLOB_RECURSE plugins \"\${prefix}/plugins/*.dll\")
        file(GET_RUNTIME_DEPENDENCIES
            EXECUTABLES \"\${bin}/$<TARGET_FILE_NAME:reelwatch>\"
            LIBRARIES \${plugins}
            DIRECTORIES \"\${bin}\" \"$<TARGET_FILE_DIR:qt6keychain>\" \"$<TARGET_FILE_DIR:Qt6::Core>\"
            PRE_EXCLUDE_REGEXES \"^api-ms-\" \"^ext-ms-\"
            POST_EXCLUDE_REGEXES \"[Ss][Yy][Ss][Tt][Ee][Mm]32\" \"[Ss][Yy][Ss][Ww][Oo][Ww]64\" \"[Ww][Ii][Nn][Ss][Xx][Ss]\"
            RESOLVED_DEPENDENCIES_VAR resolved
            UNRESOLVED_DEPENDENCIES_VAR unresolved)
        foreach(dll IN LISTS resolved)
            get_filename_component(dll_dir \"\${dll}\" DIRECTORY)
            get_filename_component(bin_real \"\${bin}\" REALPATH)
            get_filename_component(dll_dir_real \"\${dll_dir}\" REALPATH)
            if(NOT dll_dir_real STREQUAL bin_real)
                file(INSTALL \"\${dll}\" DESTINATION \"\${bin}\")
            endif()
        endforeach()
        if(unresolved)
            message(WARNING \"Not found, not copied (fine if Windows provides them): \${unresolved}\")
        endif()
    ")

    reelwatch_install_check(
        "${CMAKE_INSTALL_BINDIR}/reelwatch.exe"
        "${CMAKE_INSTALL_BINDIR}/reelwatch.com"
        "${CMAKE_INSTALL_BINDIR}/qt.conf"
        "${CMAKE_INSTALL_BINDIR}/Qt6Core*.dll"
        "${CMAKE_INSTALL_BINDIR}/Qt6Widgets*.dll"
        "${CMAKE_INSTALL_BINDIR}/Qt6Network*.dll"
        "${CMAKE_INSTALL_BINDIR}/Qt6Sql*.dll"
        "${CMAKE_INSTALL_BINDIR}/Qt6HttpServer*.dll"
        "${CMAKE_INSTALL_BINDIR}/Qt6Svg*.dll"
        "${CMAKE_INSTALL_BINDIR}/Qt6Multimedia*.dll"
        "${CMAKE_INSTALL_BINDIR}/*qt6keychain*.dll"
        "plugins/platforms/qwindows*.dll"
        "plugins/sqldrivers/qsqlite*.dll"
        "plugins/imageformats/qsvg*.dll"
        "plugins/iconengines/qsvgicon*.dll"
        "plugins/multimedia/*.dll"
        "plugins/tls/qschannelbackend*.dll|plugins/tls/qopensslbackend*.dll")
elseif(APPLE)
    # An app bundle, named Reelwatch.app in Finder. The executable inside takes the bundle's name:
    # Reelwatch.app/Contents/MacOS/Reelwatch, which is also the command-line tool.
    set(REELWATCH_ICNS ${CMAKE_CURRENT_LIST_DIR}/macos/reelwatch.icns)
    set_source_files_properties(${REELWATCH_ICNS} PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
    target_sources(reelwatch PRIVATE ${REELWATCH_ICNS})

    # The oldest macOS the bundle claims to run on: what the binary was built for. Set
    # CMAKE_OSX_DEPLOYMENT_TARGET on the command line (packaging/macos/README.md); it must be at
    # least what the Qt in use requires.
    if(CMAKE_OSX_DEPLOYMENT_TARGET)
        set(REELWATCH_MACOS_MINIMUM ${CMAKE_OSX_DEPLOYMENT_TARGET})
    else()
        set(REELWATCH_MACOS_MINIMUM 12.0)
        message(WARNING "CMAKE_OSX_DEPLOYMENT_TARGET is not set: the binary targets this Mac's macOS version, "
                        "but Info.plist claims ${REELWATCH_MACOS_MINIMUM}. Configure with "
                        "-DCMAKE_OSX_DEPLOYMENT_TARGET=<version> for a package others can run.")
    endif()

    set_target_properties(reelwatch PROPERTIES
        MACOSX_BUNDLE ON
        OUTPUT_NAME Reelwatch
        MACOSX_BUNDLE_INFO_PLIST ${CMAKE_CURRENT_LIST_DIR}/macos/Info.plist.in
        MACOSX_BUNDLE_GUI_IDENTIFIER io.github.reelwatch.Reelwatch
        MACOSX_BUNDLE_BUNDLE_NAME Reelwatch
        MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
        MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
        MACOSX_BUNDLE_LONG_VERSION_STRING ${PROJECT_VERSION}
        MACOSX_BUNDLE_ICON_FILE reelwatch.icns
        MACOSX_BUNDLE_COPYRIGHT "Copyright 2026 The Reelwatch developers"
        MACOSX_BUNDLE_INFO_STRING "Reelwatch ${PROJECT_VERSION}")

    # install(TARGETS reelwatch RUNTIME DESTINATION bin) ran before the target became a bundle, so
    # it installs bin/Reelwatch.app (CMake decides "whole bundle" when it generates, the
    # destination when install() is called). A disk image wants the bundle at its top level, next
    # to the Applications link, and macdeployqt expects it there too: move it. Nothing happens if
    # the install() call is later given `BUNDLE DESTINATION .`.
    install(CODE "
        set(prefix \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
        set(nested \"\${prefix}/${CMAKE_INSTALL_BINDIR}/Reelwatch.app\")
        if(EXISTS \"\${nested}\")
            file(REMOVE_RECURSE \"\${prefix}/Reelwatch.app\")
            file(RENAME \"\${nested}\" \"\${prefix}/Reelwatch.app\")
            file(GLOB left \"\${prefix}/${CMAKE_INSTALL_BINDIR}/*\")
            if(NOT left)
                file(REMOVE \"\${prefix}/${CMAKE_INSTALL_BINDIR}\")
            endif()
        endif()
    ")

    # macdeployqt: Qt frameworks into Contents/Frameworks, plugins into Contents/PlugIns (cocoa,
    # macstyle, imageformats, iconengines/qsvgicon with QtSvg, sqldrivers/qsqlite, tls/
    # securetransport or openssl), qt.conf, and every non-system dylib the executable links,
    # which includes libqt6keychain from Homebrew or a source build.
    reelwatch_qt_deploy_script(reelwatch reelwatch_deploy_script)
    install(SCRIPT ${reelwatch_deploy_script})

    # Copying and rewriting install names breaks the linker's signature, and Apple silicon refuses
    # to start unsigned code: sign the finished bundle. "-" is an ad-hoc signature (runs on this
    # Mac and after a local copy); a "Developer ID Application: ..." identity with the hardened
    # runtime is what notarisation needs.
    set(REELWATCH_CODESIGN_IDENTITY "-" CACHE STRING "codesign identity for Reelwatch.app (\"-\" = ad hoc)")
    install(CODE "
        set(app \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/Reelwatch.app\")
        set(options --force --deep --sign \"${REELWATCH_CODESIGN_IDENTITY}\")
        if(NOT \"${REELWATCH_CODESIGN_IDENTITY}\" STREQUAL \"-\")
            list(APPEND options --options runtime --timestamp)
        endif()
        execute_process(COMMAND codesign \${options} \"\${app}\" RESULT_VARIABLE result)
        if(result)
            message(FATAL_ERROR \"codesign failed for \${app}\")
        endif()
    ")

    reelwatch_install_check(
        "Reelwatch.app/Contents/MacOS/Reelwatch"
        "Reelwatch.app/Contents/Info.plist"
        "Reelwatch.app/Contents/Resources/reelwatch.icns"
        "Reelwatch.app/Contents/Resources/qt.conf"
        "Reelwatch.app/Contents/Frameworks/QtCore.framework"
        "Reelwatch.app/Contents/Frameworks/QtWidgets.framework"
        "Reelwatch.app/Contents/Frameworks/QtNetwork.framework"
        "Reelwatch.app/Contents/Frameworks/QtSql.framework"
        "Reelwatch.app/Contents/Frameworks/QtHttpServer.framework"
        "Reelwatch.app/Contents/Frameworks/QtSvg.framework"
        "Reelwatch.app/Contents/Frameworks/QtMultimedia.framework"
        "Reelwatch.app/Contents/Frameworks/*qt6keychain*"
        "Reelwatch.app/Contents/PlugIns/platforms/libqcocoa.dylib"
        "Reelwatch.app/Contents/PlugIns/sqldrivers/libqsqlite.dylib"
        "Reelwatch.app/Contents/PlugIns/iconengines/libqsvgicon.dylib"
        "Reelwatch.app/Contents/PlugIns/multimedia/*.dylib"
        "Reelwatch.app/Contents/PlugIns/tls/libqsecuretransportbackend.dylib|Reelwatch.app/Contents/PlugIns/tls/libqopensslbackend.dylib")
endif()

# macOS package, included by packaging/cpack.cmake before include(CPack): a disk image holding
# Reelwatch.app and a link to /Applications to drag it onto. The bundle is the one
# packaging/deploy.cmake installs, deploys with macdeployqt and signs. Steps:
# packaging/macos/README.md (notarisation is a separate, manual step there).

set(CPACK_GENERATOR DragNDrop)
set(CPACK_DMG_VOLUME_NAME "Reelwatch ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT UDZO)
# The mounted volume's icon in Finder.
set(CPACK_PACKAGE_ICON ${CMAKE_CURRENT_LIST_DIR}/reelwatch.icns)
# Reelwatch-0.1.0-macOS-arm64.dmg (or x86_64, or arm64-x86_64 for a universal build).
if(CMAKE_OSX_ARCHITECTURES)
    string(REPLACE ";" "-" reelwatch_dmg_arch "${CMAKE_OSX_ARCHITECTURES}")
else()
    set(reelwatch_dmg_arch ${CMAKE_SYSTEM_PROCESSOR})
endif()
set(CPACK_PACKAGE_FILE_NAME "Reelwatch-${PROJECT_VERSION}-macOS-${reelwatch_dmg_arch}")

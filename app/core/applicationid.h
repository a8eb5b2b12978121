#pragma once

namespace Reelwatch {

// The reverse-DNS application ID, one spelling everywhere the desktop matches Reelwatch up with its
// files: the installed .desktop file and AppStream metainfo (packaging/), the hicolor icon name, the
// XDG autostart entry, the D-Bus notifications' desktop-entry hint and QGuiApplication's desktop
// file name (the Wayland app_id). Changing it means renaming those files too.
inline constexpr char kApplicationId[] = "io.github.reelwatch.Reelwatch";

} // namespace Reelwatch

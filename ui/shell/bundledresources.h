#pragma once

namespace Reelwatch {

// Registers the resources compiled into the static reelwatch_ui library (icons, the tray's reel,
// the notification chime, the English plural forms), which the linker drops unless something
// refers to them. Safe to call any number of times, from any code that reads ":/…" on its own.
void initBundledResources();

} // namespace Reelwatch

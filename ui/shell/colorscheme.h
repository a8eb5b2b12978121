#pragma once

#include <QString>

namespace Reelwatch {

// The window's colours: the desktop's own (the default), or a light or dark Fusion palette for
// desktops whose theme Qt does not follow. Returns false for a name other than system/light/dark.
bool applyColorScheme(const QString& name);

} // namespace Reelwatch

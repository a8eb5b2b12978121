#pragma once

namespace Reelwatch {

// The desktop half of the binary: QApplication, the main window, and with --demo the embedded
// simulator with sample renders.
class GuiApp
{
public:
    static int run(int argc, char* argv[], void (*describeApplication)());
};

} // namespace Reelwatch

#pragma once

#include <QRect>
#include <QSize>

namespace Reelwatch {

// Where the frames of a spritesheet are: a grid read left to right, top to bottom. Servers do not
// say the grid, so it is worked out from the sheet's size and the render's aspect ratio: the grid
// whose frames have that aspect, with the largest frames that are still thumbnail-sized (a long
// side of at most kMaxFrameLongSide).
struct SpriteSheetGrid
{
    static constexpr int kMaxFrameLongSide = 320;
    static constexpr int kMaxColumnsOrRows = 16;

    int columns = 1;
    int rows = 1;
    QSize frame;

    int frameCount() const { return columns * rows; }
    bool isValid() const { return !frame.isEmpty() && frameCount() > 1; }
    // Frame `index` (clamped to the grid) within the sheet.
    QRect frameRect(int index) const;
    // The frame for a position `fraction` (0–1) across the render.
    int frameAt(double fraction) const;

    // `renderAspect` is width / height of the render (720x1280 → 0.5625); 0 or less when unknown,
    // then 16:9 and 9:16 are tried.
    static SpriteSheetGrid infer(const QSize& sheet, double renderAspect);
};

} // namespace Reelwatch

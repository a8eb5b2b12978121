#include "spritesheet.h"

#include <algorithm>
#include <cmath>

namespace Reelwatch {

QRect SpriteSheetGrid::frameRect(int index) const
{
    const int clamped = std::clamp(index, 0, std::max(0, frameCount() - 1));
    return QRect(QPoint((clamped % columns) * frame.width(), (clamped / columns) * frame.height()), frame);
}

int SpriteSheetGrid::frameAt(double fraction) const
{
    const int count = frameCount();
    return std::clamp(int(std::floor(std::clamp(fraction, 0.0, 1.0) * count)), 0, count - 1);
}

SpriteSheetGrid SpriteSheetGrid::infer(const QSize& sheet, double renderAspect)
{
    if (sheet.isEmpty())
        return {};
    const double aspects[] = {renderAspect > 0 ? renderAspect : 16.0 / 9.0, renderAspect > 0 ? 0.0 : 9.0 / 16.0};
    SpriteSheetGrid best;
    int bestArea = 0;
    SpriteSheetGrid coarsest; // the matching grid with the largest frames, whatever their size
    int coarsestArea = 0;
    for (const double aspect : aspects) {
        if (aspect <= 0)
            continue;
        for (int columns = 1; columns <= kMaxColumnsOrRows; ++columns) {
            for (int rows = 1; rows <= kMaxColumnsOrRows; ++rows) {
                if (columns * rows < 2)
                    continue;
                const int width = sheet.width() / columns;
                const int height = sheet.height() / rows;
                // A grid divides the sheet (to within a pixel of padding per frame).
                if (width < 8 || height < 8 || sheet.width() - width * columns > columns
                    || sheet.height() - height * rows > rows)
                    continue;
                if (std::abs(std::log(double(width) / height / aspect)) > 0.04)
                    continue;
                const SpriteSheetGrid grid{columns, rows, QSize(width, height)};
                const int area = width * height;
                if (area > coarsestArea) {
                    coarsest = grid;
                    coarsestArea = area;
                }
                if (std::max(width, height) <= kMaxFrameLongSide && area > bestArea) {
                    best = grid;
                    bestArea = area;
                }
            }
        }
    }
    return bestArea > 0 ? best : coarsest;
}

} // namespace Reelwatch

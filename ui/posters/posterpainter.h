#pragma once

#include <QImage>
#include <QRect>

class QPainter;
class QPalette;

namespace Reelwatch {

// How every view draws a render's picture, so the table's thumbnails and the gallery's cards look
// alike: the picture fitted whole into its frame (a portrait render gets bars at the sides) on a
// dark backdrop with rounded corners; an empty frame of the palette's quiet colour while there is
// none yet.
namespace PosterPainter {

// What an empty frame says about the render it stands for.
enum class Placeholder
{
    Blank, // not finished yet: nothing to show
    NoPicture, // finished, but the provider gives no picture (a play mark: the video is there)
    Failed, // no render at all (a cross)
};

// `source` picks a part of the image (one frame of a spritesheet); a null rect means all of it.
void paint(QPainter* painter, const QRectF& frame, const QImage& image, const QPalette& palette,
           const QRect& source = QRect(), Placeholder placeholder = Placeholder::Blank);

// The largest rectangle of aspect `aspect` (width / height) centred in `frame`.
QRectF fitted(const QRectF& frame, double aspect);

} // namespace PosterPainter

} // namespace Reelwatch

// Renders the application's SVG icon into the PNG sizes of the hicolor icon theme, at build time,
// so the PNGs always match resources/icons/reelwatch.svg and nothing generated is kept in the
// repository. Qt's own SVG image plugin draws them: the same renderer the window uses, already a
// build dependency. The PNG writer adds no time stamp, so a build is byte-for-byte reproducible.
//
// Usage: reelwatch_renderappicon ICON.svg OUTPUT_DIR NAME SIZE...
// writes OUTPUT_DIR/<SIZE>x<SIZE>/apps/NAME.png for every SIZE.

#include <cstdio>
#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QStringList>

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "reelwatch_renderappicon: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    // Only for the image format plugins; no display is needed.
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 5)
        return fail(QStringLiteral("usage: reelwatch_renderappicon ICON.svg OUTPUT_DIR NAME SIZE..."));

    const QString source = arguments.at(1);
    const QDir output(arguments.at(2));
    const QString name = arguments.at(3);
    for (const QString& sizeText : arguments.mid(4)) {
        bool ok = false;
        const int size = sizeText.toInt(&ok);
        if (!ok || size <= 0 || size > 4096)
            return fail(QStringLiteral("'%1' is not an icon size").arg(sizeText));

        // A fresh reader per size: the SVG is drawn at each size, never scaled from a bitmap.
        QImageReader reader(source, "svg");
        reader.setScaledSize(QSize(size, size));
        QImage image = reader.read();
        if (image.isNull()) {
            return fail(QStringLiteral("cannot render %1: %2 (the Qt SVG image plugin, package qt6-svg, is needed)")
                            .arg(source, reader.errorString()));
        }
        image = image.convertToFormat(QImage::Format_ARGB32);

        const QString directory = QStringLiteral("%1x%1/apps").arg(size);
        if (!output.mkpath(directory))
            return fail(QStringLiteral("cannot create %1").arg(output.filePath(directory)));
        const QString target = output.filePath(QStringLiteral("%1/%2.png").arg(directory, name));
        QImageWriter writer(target, "png");
        writer.setCompression(9);
        if (!writer.write(image))
            return fail(QStringLiteral("cannot write %1: %2").arg(target, writer.errorString()));
    }
    return 0;
}

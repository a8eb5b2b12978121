#pragma once

#include <optional>
#include <QIcon>
#include <QList>
#include <QString>
#include <QStringList>

namespace Reelwatch {

// The window's action icons: the desktop's icon theme where it has one (so Reelwatch looks like
// the rest of the desktop), else the SVGs bundled in resources/icons/actions/, which exist for every
// icon, so an icon is never blank.
class Icons
{
public:
    enum class Id
    {
        Add,
        Refresh,
        Pause,
        Resume,
        Copy,
        Archive,
        Remove,
        Settings,
        Key,
        OpenBrowser,
        Download,
        Search,
        Details,
        Undo,
        TableView,
        GalleryView,
    };

    static QIcon get(Id id);
    // By the name of the bundled file ("open-browser"); a null icon for a name that is not known.
    static QIcon get(const QString& name);

    // Only the bundled SVG, whatever the theme has.
    static QIcon bundled(Id id);

    static QList<Id> all();
    static QString name(Id id); // "add", "open-browser", …
    static std::optional<Id> fromName(const QString& name);
    // The freedesktop icon names tried in order before the bundled SVG.
    static QStringList themeNames(Id id);
    static QString resourcePath(Id id); // ":/icons/actions/<name>.svg"
};

} // namespace Reelwatch

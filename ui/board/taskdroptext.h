#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QMimeData;

namespace Reelwatch {

// Turns what is dropped on, or pasted into, the window into text for the add dialog: plain text;
// local .txt/.json/.csv files (read up to a size cap, UTF-8 or UTF-16 with a byte order mark); links,
// which end in an ID more often than not. What could not be read is reported per item, and never
// costs what could.
class TaskDropText
{
    Q_DECLARE_TR_FUNCTIONS(TaskDropText)

public:
    static constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;
    // Several files dropped at once: their sum is capped too.
    static constexpr qint64 kMaxTotalBytes = 16 * 1024 * 1024;

    struct Result
    {
        QString text;
        QStringList errors; // one sentence per item that could not be used, naming it
    };

    // Whether `mime` holds anything read() can use (for drag-enter: text or URLs).
    static bool canRead(const QMimeData* mime);

    // URLs win over the plain text that file managers and browsers put beside them (a file's path
    // is not a task ID). The texts of several sources are put together with combine().
    static Result read(const QMimeData* mime);

    // Texts from several sources as one (several files, or what is already typed plus a drop):
    // joined line after line when that keeps exactly the IDs each held; otherwise (a JSON file and
    // a CSV file glued together would be neither) a JSON array of those IDs, with the labels their
    // rows gave them.
    static QString combine(const QStringList& texts);
};

} // namespace Reelwatch

#pragma once

#include <QList>
#include <QStringList>

namespace Reelwatch {

// CSV as Reelwatch writes it (exports) and reads it (imports, and IDs pasted or dropped from a
// spreadsheet): RFC 4180 records, where a quoted field may hold the delimiter, doubled quotes and line
// breaks. A field that a spreadsheet would run as a formula is written with a leading apostrophe, which
// reading takes off again.
class Csv
{
public:
    // The records of `text`. A quote opens a quoted field only at the field's start (white space before
    // it is dropped); anywhere else it is an ordinary character. Blank lines are skipped, and every
    // field comes back without the formula guard.
    static QList<QStringList> read(const QString& text, QChar delimiter = QLatin1Char(','));
    // One field, guarded against formulas and quoted when it must be.
    static QString field(const QString& text);
    // `text` without the guard field() puts in front of "=", "+", "-" and "@".
    static QString unguard(const QString& text);
};

} // namespace Reelwatch

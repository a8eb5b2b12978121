#pragma once

#include <QStringList>

namespace Reelwatch {

// Aligned plain-text columns for terminal output: every column as wide as its widest cell plus two
// spaces, the last one left ragged so long details never pad a line. Every cell is one line of safe
// text (DisplayText::line), whatever a server put in it.
class TextTable
{
public:
    static QString format(const QStringList& headers, const QList<QStringList>& rows);

    // For a table printed as its rows come (standard input of any length): widths taken from the
    // headers and the first rows, then every later row laid out with them.
    static QList<int> widths(const QStringList& headers, const QList<QStringList>& rows);
    // One line in those widths; a cell wider than its column pushes the rest of the line along.
    static QString formatRow(const QList<int>& widths, const QStringList& cells);
};

} // namespace Reelwatch

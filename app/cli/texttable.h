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
};

} // namespace Reelwatch

#include "texttable.h"

namespace Reelwatch {

QString TextTable::format(const QStringList& headers, const QList<QStringList>& rows)
{
    QList<int> widths;
    for (int column = 0; column < headers.size(); ++column) {
        int width = int(headers.at(column).size());
        for (const QStringList& row : rows)
            width = std::max(width, int(row.value(column).size()));
        widths << width;
    }
    const auto formatRow = [&widths](const QStringList& cells) {
        QString line;
        for (int column = 0; column < widths.size(); ++column) {
            const bool last = column == widths.size() - 1;
            line += last ? cells.value(column) : cells.value(column).leftJustified(widths.at(column) + 2);
        }
        return line.trimmed();
    };
    QString table = formatRow(headers);
    for (const QStringList& row : rows)
        table += QLatin1Char('\n') + formatRow(row);
    return table;
}

} // namespace Reelwatch

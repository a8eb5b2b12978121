#include "texttable.h"

#include "core/displaytext.h"

namespace Reelwatch {

QString TextTable::format(const QStringList& headers, const QList<QStringList>& unsafeRows)
{
    // Cells hold a server's words (a model, an error, a link): one line each, nothing a terminal obeys.
    QList<QStringList> rows;
    rows.reserve(unsafeRows.size());
    for (const QStringList& row : unsafeRows) {
        QStringList cells;
        cells.reserve(row.size());
        for (const QString& cell : row)
            cells << DisplayText::line(cell);
        rows << cells;
    }
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

#include "texttable.h"

#include "core/displaytext.h"

namespace Reelwatch {

namespace {

// Cells hold a server's words (a model, an error, a link): one line each, nothing a terminal obeys.
QStringList safeCells(const QStringList& cells)
{
    QStringList safe;
    safe.reserve(cells.size());
    for (const QString& cell : cells)
        safe << DisplayText::line(cell);
    return safe;
}

} // namespace

QList<int> TextTable::widths(const QStringList& headers, const QList<QStringList>& rows)
{
    QList<QStringList> safeRows;
    safeRows.reserve(rows.size());
    for (const QStringList& row : rows)
        safeRows << safeCells(row);
    QList<int> widths;
    for (int column = 0; column < headers.size(); ++column) {
        int width = int(headers.at(column).size());
        for (const QStringList& row : std::as_const(safeRows))
            width = std::max(width, int(row.value(column).size()));
        widths << width;
    }
    return widths;
}

QString TextTable::formatRow(const QList<int>& widths, const QStringList& unsafeCells)
{
    const QStringList cells = safeCells(unsafeCells);
    QString line;
    for (int column = 0; column < widths.size(); ++column) {
        const bool last = column == widths.size() - 1;
        // Two spaces after every cell, even one wider than its column.
        line += last ? cells.value(column) : cells.value(column).leftJustified(widths.at(column)) + QLatin1String("  ");
    }
    return line.trimmed();
}

QString TextTable::format(const QStringList& headers, const QList<QStringList>& rows)
{
    const QList<int> columnWidths = widths(headers, rows);
    QString table = formatRow(columnWidths, headers);
    for (const QStringList& row : rows)
        table += QLatin1Char('\n') + formatRow(columnWidths, row);
    return table;
}

} // namespace Reelwatch

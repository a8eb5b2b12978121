#include "tasktitle.h"

#include <QStringList>

namespace Reelwatch {

QString TaskTitle::of(const QString& label, const QString& prompt, const QString& taskId)
{
    const QString trimmed = label.trimmed();
    if (!trimmed.isEmpty())
        return trimmed;
    const QString start = promptStart(prompt);
    return start.isEmpty() ? taskId : start;
}

QString TaskTitle::promptStart(const QString& prompt)
{
    // The first line that says anything: a prompt may open with a blank line.
    QString line;
    for (const QString& candidate : prompt.split(QLatin1Char('\n'))) {
        line = candidate.simplified();
        if (!line.isEmpty())
            break;
    }
    if (line.size() <= kMaxPromptCharacters)
        return line;
    QString cut = line.left(kMaxPromptCharacters);
    const qsizetype space = cut.lastIndexOf(QLatin1Char(' '));
    // A word boundary in the second half keeps whole words; a single long word is cut where it must be.
    if (space >= kMaxPromptCharacters / 2)
        cut.truncate(space);
    // Never end on half of a surrogate pair.
    if (!cut.isEmpty() && cut.back().isHighSurrogate())
        cut.chop(1);
    while (!cut.isEmpty() && (cut.back().isSpace() || cut.back() == QLatin1Char(',') || cut.back() == QLatin1Char(';')))
        cut.chop(1);
    return cut + QChar(0x2026);
}

} // namespace Reelwatch

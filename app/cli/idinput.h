#pragma once

#include <cstdio>
#include <optional>
#include <QFile>
#include <QStringList>

namespace Reelwatch {

// The task IDs a command is given: its arguments in order, each "-" standing for the lines of standard
// input. Lines are read one at a time as IDs are asked for, so input of any size costs only the line at
// hand and a command can answer the first ID while the rest are still on their way. Lines are trimmed
// and empty ones skipped. A line longer than kMaxLineBytes is given as its start (no ID is that long, so
// it is reported as invalid) and the rest of it is read past, never kept.
class IdInput
{
public:
    static constexpr qint64 kMaxLineBytes = 4096;

    explicit IdInput(QStringList arguments, FILE* standardInput = stdin);

    // The next ID, or nullopt when every argument and every line has been given.
    std::optional<QString> next();
    // Every ID that is left, for commands that need them all at once (add, remove).
    QStringList takeAll();

private:
    std::optional<QString> nextLine();

    QStringList m_arguments;
    qsizetype m_nextArgument = 0;
    FILE* m_standardInput;
    QFile m_input;
    bool m_reading = false; // inside a "-"
    QByteArray m_line;
};

} // namespace Reelwatch

#pragma once

#include <QString>
#include <QStringList>

namespace Reelwatch {

// Plain UTF-8 output for the CLI, flushed line by line so pipes see progress as it happens.
class Console
{
public:
    static void out(const QString& text);
    static void err(const QString& text);
    // Every non-empty line of standard input, trimmed (for `-` as an ID argument).
    static QStringList readStandardInputLines();
    // The positional arguments with every "-" replaced by the lines of standard input.
    static QStringList expandStandardInput(const QStringList& arguments);
    static bool isTerminal(int fd);
};

} // namespace Reelwatch

#pragma once

#include <QString>
#include <QStringList>

namespace Reelwatch {

// Plain UTF-8 output for the CLI, flushed line by line so pipes see progress as it happens.
class Console
{
public:
    // As it is: JSON lines, and text whose server words are made safe where it is put together
    // (TextTable, WatchPrinter, DownloadCommand::summary).
    static void out(const QString& text);
    // Words for people: control characters and bidi overrides shown as escapes (DisplayText::block).
    static void err(const QString& text);
    static bool isTerminal(int fd);
};

} // namespace Reelwatch

#pragma once

#include <QStringList>

namespace Reelwatch {

// The commands that work on the task database: add, list, remove, export, import.
class StoreCommands
{
public:
    static int add(const QStringList& arguments);
    static int list(const QStringList& arguments);
    static int remove(const QStringList& arguments);
    static int exportTasks(const QStringList& arguments);
    static int importTasks(const QStringList& arguments);
};

} // namespace Reelwatch

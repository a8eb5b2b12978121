#pragma once

#include <QStringList>

namespace Reelwatch {

// `reelwatch profile list|add|remove|set-default`: the servers Reelwatch polls.
class ProfileCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace Reelwatch

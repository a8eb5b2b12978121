#pragma once

#include <QNetworkAccessManager>

namespace Reelwatch {

// The network manager of a command (`status`, `download`, `watch`), which ends when the command has
// finished, never later. A server that floods header lines keeps Qt's network thread in a loop that
// reads them a byte at a time for as long as any are there (Qt 6.4): neither an abort nor the thread's
// quit reaches it, and the manager's destructor waits 5 s for it in vain. So the process's TCP
// connections are shut down first, which ends that loop at once. A command's process has no other TCP
// connections (it serves none), and every request has ended by then.
class CommandNetwork : public QNetworkAccessManager
{
    Q_OBJECT

public:
    using QNetworkAccessManager::QNetworkAccessManager;
    ~CommandNetwork() override;

    // Shuts down every connected TCP socket of this process that is not a server's; returns how many.
    static int shutDownConnections();
};

} // namespace Reelwatch

#pragma once

#include <QObject>

class QSocketNotifier;

namespace Reelwatch {

// Turns SIGINT and SIGTERM into a Qt signal delivered on the event loop (through a self-pipe), so
// Ctrl+C ends a long-running command cleanly instead of killing it mid-write.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

signals:
    void interrupted(int signalNumber);

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace Reelwatch

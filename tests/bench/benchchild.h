// Child processes for the benchmark programs that run the real `reelwatch` binary: each child in a process
// group of its own that goes down with it, a signal handler that stops every group when the benchmark is
// interrupted, and `reelwatch demo-server` started on a free port.
//
// Header-only: each benchmark is one program of its own.

#pragma once

#include <array>
#include <atomic>
#include <csignal>
#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <sys/prctl.h>
#include <unistd.h>

namespace BenchChild {

// Every child runs in its own process group so that the whole tree under it (time → reelwatch, bash → curl)
// can be signalled at once. The groups are kept in a lock-free table a signal handler may read.
inline std::array<std::atomic<pid_t>, 8> g_groups{};
inline const char* g_interruptedMessage = "\nbenchmark interrupted, child processes stopped\n";

inline void registerGroup(pid_t pid)
{
    for (auto& slot : g_groups) {
        pid_t empty = 0;
        if (slot.compare_exchange_strong(empty, pid))
            return;
    }
}

inline void unregisterGroup(pid_t pid)
{
    for (auto& slot : g_groups) {
        pid_t expected = pid;
        slot.compare_exchange_strong(expected, 0);
    }
}

inline void killAllGroups(int signal)
{
    for (auto& slot : g_groups) {
        const pid_t pid = slot.load();
        if (pid > 0)
            ::kill(-pid, signal);
    }
}

extern "C" inline void onTerminatingSignal(int signal)
{
    killAllGroups(SIGTERM);
    const char* message = g_interruptedMessage;
    std::size_t length = 0;
    while (message[length] != '\0')
        ++length;
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message, length);
    ::_exit(128 + signal);
}

// Stops every child when the benchmark is interrupted; `message` is printed on standard error then.
inline void stopChildrenOnSignals(const char* message)
{
    g_interruptedMessage = message;
    std::signal(SIGINT, onTerminatingSignal);
    std::signal(SIGTERM, onTerminatingSignal);
    std::signal(SIGHUP, onTerminatingSignal);
}

// A QProcess in its own process group that takes that group down with it.
class Child
{
public:
    Child()
    {
        m_process.setChildProcessModifier([] {
            ::setpgid(0, 0);
            // If the bench itself is killed hard, the direct child follows.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        });
    }
    ~Child() { stop(); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    QProcess& process() { return m_process; }

    bool start(const QString& program, const QStringList& arguments)
    {
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10000))
            return false;
        m_pid = static_cast<pid_t>(m_process.processId());
        registerGroup(m_pid);
        return true;
    }

    // Waits for the child; on timeout the whole group is killed and false returned.
    bool wait(int timeoutMs)
    {
        const bool finished = m_process.waitForFinished(timeoutMs);
        if (!finished)
            stop();
        release();
        return finished;
    }

    // Sends `signal` to the child's whole group (SIGINT: what Ctrl+C does).
    void signal(int signal)
    {
        if (m_pid > 0)
            ::kill(-m_pid, signal);
    }

    void stop()
    {
        if (m_pid > 0) {
            ::kill(-m_pid, SIGTERM);
            if (!m_process.waitForFinished(3000)) {
                ::kill(-m_pid, SIGKILL);
                m_process.waitForFinished(3000);
            }
        }
        release();
    }

private:
    void release()
    {
        if (m_pid > 0)
            unregisterGroup(m_pid);
        m_pid = 0;
    }

    QProcess m_process;
    pid_t m_pid = 0;
};

// `reelwatch demo-server --port 0 --flavour openai --tasks N --finish-ms F`, and the address it listens on.
class DemoServerProcess
{
public:
    bool start(const QString& binary, int tasks, qint64 finishMs, QString* error,
               const QStringList& extraArguments = {})
    {
        m_child.process().setProcessChannelMode(QProcess::SeparateChannels);
        const QStringList arguments
            = QStringList{QStringLiteral("demo-server"), QStringLiteral("--port"),      QStringLiteral("0"),
                          QStringLiteral("--flavour"),   QStringLiteral("openai"),      QStringLiteral("--tasks"),
                          QString::number(tasks),        QStringLiteral("--finish-ms"), QString::number(finishMs)}
            + extraArguments;
        if (!m_child.start(binary, arguments)) {
            *error = QStringLiteral("cannot start %1 demo-server: %2").arg(binary, m_child.process().errorString());
            return false;
        }
        QElapsedTimer waited;
        waited.start();
        QByteArray seen;
        while (waited.elapsed() < 30000) {
            if (m_child.process().canReadLine() || m_child.process().waitForReadyRead(500)) {
                seen += m_child.process().readAll();
                const int at = seen.indexOf("listening on ");
                const int end = seen.indexOf('\n', at);
                if (at >= 0 && end > at) {
                    m_baseUrl = QString::fromUtf8(seen.mid(at + 13, end - at - 13)).trimmed();
                    return true;
                }
            }
            if (m_child.process().state() == QProcess::NotRunning)
                break;
        }
        *error = QStringLiteral("demo-server did not report its address; it said: %1 %2")
                     .arg(QString::fromUtf8(seen), QString::fromUtf8(m_child.process().readAllStandardError()));
        return false;
    }
    void stop() { m_child.stop(); }
    QString baseUrl() const { return m_baseUrl; }

private:
    Child m_child;
    QString m_baseUrl;
};

} // namespace BenchChild

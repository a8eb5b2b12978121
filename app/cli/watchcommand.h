#pragma once

#include "commandnetwork.h"
#include "core/pollsettings.h"
#include "exitcode.h"
#include "monitor/downloadqueue.h"
#include "monitor/profileruntime.h"
#include "net/connectivity.h"
#include "store/storewatcher.h"
#include "watchprinter.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace Reelwatch {

class CliSession;
struct Connection;

// `reelwatch watch ID...`: polls until every task is terminal or not found, printing one line per
// change (or one JSON object per line with --json), and ends with a summary. It drives the same
// engine as the window (ProfileRuntime, DownloadQueue); what is its own is the tally, the printer
// and when to give up.
class WatchCommand : public QObject
{
    Q_OBJECT

public:
    static int run(const QStringList& arguments);

private:
    struct Options
    {
        bool json = false;
        bool verbose = false;
        bool batch = true;
        double giveUpAfterSeconds = 300;
        QString downloadDir; // empty: no --download
        QString namePattern;
        int stallTimeoutMs = 30000; // for --download
        PollSettings poll;
        bool follow = false; // also watch renders the account starts meanwhile
        int followDays = 0; // with follow: also those of the last N days; 0: from now on
        bool all = false; // the profile's unfinished tasks, following the store while this runs
    };

    WatchCommand(CliSession& session, const Options& options);

    // Polls `ids` until they are done, interrupted, refused or given up on; returns the exit code.
    // `storeOnly`: the IDs that --all took from the store (and no argument gave).
    int exec(const QStringList& ids, const QSet<QString>& storeOnly, ExitCode exitCodeSoFar, int invalidIds);

    void onTaskUpdated(const TaskUpdate& update);
    void onAnswered(const FetchResult& result);
    void checkGiveUp();
    void queueDownload(const VideoTask& task);
    void onDownloadFinished(const TaskKey& task, const DownloadResult& result);
    void noteDownloadFailure(const QString& taskId, const DownloadResult& result);
    void finish(ExitCode code);
    void finishIfIdle();
    // Another process changed the profile's tasks: poll the new ones, stop those removed or archived.
    void followStore();

    CliSession& m_session;
    const Connection& m_connection;
    const Options m_options;
    const WatchPrinter m_printer;
    WatchPrinter::Summary m_tally;
    ExitCode m_exitCode = ExitOk;
    int m_downloadExitCode = ExitOk;
    QString m_lastWriteError; // why the task database last refused the results

    CommandNetwork m_network;
    Connectivity m_connectivity;
    ProfileRuntime m_runtime;
    DownloadQueue m_downloads;

    QEventLoop m_loop;
    QElapsedTimer m_clock; // since exec() began
    // Per task, since when (on m_clock) no answer for it was usable: the first error after its last
    // good answer. Giving up needs every active task in here for longer than --give-up-after.
    QHash<QString, qint64> m_failingSinceMs;
    ApiError m_lastRateLimit; // the latest 429: the error of tasks that only wait for their profile
    int m_listRefreshesSeen = 0; // Poller::Stats::tasksRefreshedByList at the last check
    QTimer m_giveUpCheck;
    bool m_pollingStopped = false;
    bool m_following = false;
    StoreWatcher m_storeWatcher;
    QSet<QString> m_fromStore; // watched because the store has them (--all), not because they were given
};

} // namespace Reelwatch

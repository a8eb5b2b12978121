#include "taskstatus.h"

#include <QHash>

namespace Reelwatch {

namespace {

struct WireName
{
    TaskStatus status;
    const char* name;
};

constexpr WireName kWireNames[] = {
    {TaskStatus::NotStart, "NOT_START"},     {TaskStatus::Submitted, "SUBMITTED"}, {TaskStatus::Queued, "QUEUED"},
    {TaskStatus::InProgress, "IN_PROGRESS"}, {TaskStatus::Success, "SUCCESS"},     {TaskStatus::Failure, "FAILURE"},
    {TaskStatus::Unknown, "UNKNOWN"},
};

// Keys are lower case with spaces and dashes folded to '_' (see foldWord).
QHash<QString, TaskStatus> buildVocabulary()
{
    const QList<QPair<const char*, TaskStatus>> words = {
        // Not started yet.
        {"not_start", TaskStatus::NotStart},
        {"not_started", TaskStatus::NotStart},
        {"notstart", TaskStatus::NotStart},
        {"created", TaskStatus::NotStart},
        {"new", TaskStatus::NotStart},
        {"preparing", TaskStatus::NotStart}, // MiniMax
        // Accepted by the provider.
        {"submitted", TaskStatus::Submitted}, // seed, Kling
        {"accepted", TaskStatus::Submitted},
        {"received", TaskStatus::Submitted},
        // Waiting for a worker.
        {"queued", TaskStatus::Queued}, // OpenAI, Luma
        {"queueing", TaskStatus::Queued}, // MiniMax
        {"queuing", TaskStatus::Queued},
        {"in_queue", TaskStatus::Queued},
        {"pending", TaskStatus::Queued}, // Runway, DashScope
        {"throttled", TaskStatus::Queued}, // Runway
        {"waiting", TaskStatus::Queued},
        {"scheduled", TaskStatus::Queued},
        // Rendering.
        {"in_progress", TaskStatus::InProgress}, // seed, OpenAI
        {"inprogress", TaskStatus::InProgress},
        {"processing", TaskStatus::InProgress}, // Kling, MiniMax
        {"running", TaskStatus::InProgress}, // Runway, DashScope
        {"dreaming", TaskStatus::InProgress}, // Luma
        {"generating", TaskStatus::InProgress},
        {"rendering", TaskStatus::InProgress},
        {"started", TaskStatus::InProgress},
        {"active", TaskStatus::InProgress},
        // Finished with a result.
        {"success", TaskStatus::Success}, // seed, MiniMax
        {"succeeded", TaskStatus::Success}, // Runway, DashScope
        {"succeed", TaskStatus::Success}, // Kling
        {"successful", TaskStatus::Success},
        {"completed", TaskStatus::Success}, // OpenAI, Luma
        {"complete", TaskStatus::Success},
        {"finished", TaskStatus::Success},
        {"done", TaskStatus::Success},
        {"ready", TaskStatus::Success},
        // Finished without one. Cancelled and expired renders will never produce a video, which
        // is what FAILURE tells the user; the raw word shows which it was.
        {"failure", TaskStatus::Failure}, // seed
        {"failed", TaskStatus::Failure}, // OpenAI, Kling, Runway, Luma, DashScope
        {"fail", TaskStatus::Failure}, // MiniMax
        {"error", TaskStatus::Failure},
        {"errored", TaskStatus::Failure},
        {"cancelled", TaskStatus::Failure}, // Runway, OpenRouter
        {"canceled", TaskStatus::Failure}, // DashScope
        {"expired", TaskStatus::Failure}, // OpenRouter
        {"rejected", TaskStatus::Failure},
        {"aborted", TaskStatus::Failure},
        {"timeout", TaskStatus::Failure},
        {"timed_out", TaskStatus::Failure},
        // Said outright.
        {"unknown", TaskStatus::Unknown},
    };
    QHash<QString, TaskStatus> vocabulary;
    vocabulary.reserve(words.size());
    for (const auto& [word, status] : words)
        vocabulary.insert(QString::fromLatin1(word), status);
    return vocabulary;
}

QString foldWord(const QString& raw)
{
    QString folded = raw.trimmed().toLower();
    folded.replace(QLatin1Char('-'), QLatin1Char('_'));
    folded.replace(QLatin1Char(' '), QLatin1Char('_'));
    return folded;
}

} // namespace

QString statusWireName(TaskStatus status)
{
    for (const auto& entry : kWireNames) {
        if (entry.status == status)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("UNKNOWN");
}

TaskStatus statusFromWireName(const QString& wireName, bool* ok)
{
    for (const auto& entry : kWireNames) {
        if (wireName == QLatin1String(entry.name)) {
            if (ok)
                *ok = true;
            return entry.status;
        }
    }
    if (ok)
        *ok = false;
    return TaskStatus::Unknown;
}

TaskStatus normaliseStatus(const QString& rawStatus)
{
    static const QHash<QString, TaskStatus> vocabulary = buildVocabulary();
    return vocabulary.value(foldWord(rawStatus), TaskStatus::Unknown);
}

} // namespace Reelwatch

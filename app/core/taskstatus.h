#pragma once

#include <QString>

namespace Reelwatch {

// The seed contract's seven statuses. Every provider vocabulary is normalised onto these; the
// provider's own word is always kept beside it (VideoTask::rawStatus).
enum class TaskStatus
{
    NotStart,
    Submitted,
    Queued,
    InProgress,
    Success,
    Failure,
    Unknown,
};

// The wire name of the seed contract: "NOT_START", "SUBMITTED", … "UNKNOWN".
QString statusWireName(TaskStatus status);

// Parses a wire name exactly as statusWireName() writes it; anything else is nullopt-like Unknown
// with ok=false, so callers can tell "UNKNOWN" from garbage.
TaskStatus statusFromWireName(const QString& wireName, bool* ok = nullptr);

// Maps any provider's status word (seed, OpenAI, new-api, Kling, Runway, Luma, MiniMax, DashScope,
// OpenRouter and common synonyms), case-insensitively, to a canonical status. Unrecognised → Unknown.
TaskStatus normaliseStatus(const QString& rawStatus);

inline bool isTerminal(TaskStatus status)
{
    return status == TaskStatus::Success || status == TaskStatus::Failure;
}

} // namespace Reelwatch

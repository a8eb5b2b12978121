#pragma once

#include <QtGlobal>

namespace Reelwatch {

// How politely one profile is polled. Defaults follow OpenAI's advice (poll every 10–20 s).
struct PollSettings
{
    qint64 baseIntervalMs = 10000; // after a change
    double unchangedBackoffFactor = 1.5; // per poll that changed nothing
    qint64 maxIntervalMs = 60000; // cap of that backoff
    double jitterFraction = 0.1; // ± this share of every delay
    qint64 firstPollSpreadMs = 500; // tasks added together start within this window
    qint64 errorBackoffStartMs = 2000; // 5xx, timeouts, network errors
    qint64 errorBackoffCapMs = 300000;
    int maxInFlight = 4;
    double maxRequestsPerSecond = 5;
    int notFoundLimit = 2; // consecutive "not found" answers before a task is given up
};

} // namespace Reelwatch

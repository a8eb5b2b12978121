#pragma once

#include <QtGlobal>

namespace Reelwatch {

// How politely one profile is polled. Defaults follow OpenAI's advice (poll every 10–20 s).
struct PollSettings
{
    // What a polite poller can live with, wherever settings come from (window, command line, import):
    // a zero interval would poll back to back, zero in flight never.
    static constexpr qint64 kMinBaseIntervalMs = 1000;
    static constexpr qint64 kMaxBaseIntervalMs = 3600 * 1000;
    static constexpr qint64 kMaxBackoffCapMs = 24 * 3600 * 1000;
    static constexpr int kMinInFlight = 1;
    static constexpr int kMaxInFlight = 64;
    static constexpr double kMinRequestsPerSecond = 0.1;
    static constexpr double kMaxRequestsPerSecond = 100;

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

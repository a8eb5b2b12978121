#pragma once

#include <QtGlobal>

class QUrl;

namespace Reelwatch {

// The bounds every poll setting is kept inside, wherever it comes from (the window, the command line,
// an imported file): a zero interval would poll back to back, zero in flight never.
struct PollLimits
{
    qint64 minBaseIntervalMs = 1000;
    qint64 maxBaseIntervalMs = 3600 * 1000;
    qint64 maxBackoffCapMs = 24 * 3600 * 1000;
    int minInFlight = 1;
    int maxInFlight = 64;
    double minRequestsPerSecond = 0.1;
    double maxRequestsPerSecond = 100;

    // What every server gets.
    static PollLimits standard();
    // The test suite and the benchmarks poll the loopback demo server faster than any real server
    // may be polled: 50 ms intervals, 100,000 requests a second. Only when the environment says
    // REELWATCH_POLL_LIMITS=testing, and only for a loopback server; see forServer().
    static PollLimits testing();
    static constexpr const char* kTestingVariable = "REELWATCH_POLL_LIMITS";
    // The limits for polling this server: standard(), or testing() for a loopback server while the
    // environment asks for it.
    static PollLimits forServer(const QUrl& baseUrl);
};

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

    // These settings with every stored value inside the limits (the backoff cap never below the
    // base interval, an impossible rate back to the default).
    PollSettings clamped(const PollLimits& limits) const;
    // Whether the values a profile stores (interval, backoff cap, in flight, rate) are the same; the
    // rest are fixed policy.
    bool sameStoredValues(const PollSettings& other) const;
};

} // namespace Reelwatch

#pragma once

#include <QtGlobal>

namespace Reelwatch {

// A token bucket: at most `perSecond` requests a second on average, with bursts of up to one
// second's worth. Time comes from the caller, so it is exact under a manual clock.
class RateLimiter
{
public:
    explicit RateLimiter(double perSecond = 5);

    void setRate(double perSecond);
    double rate() const { return m_perSecond; }

    // Takes a token if one is available at nowMs.
    bool tryAcquire(qint64 nowMs);
    int available(qint64 nowMs);
    // When the next token will be available (nowMs if one is).
    qint64 nextTokenAtMs(qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_perSecond = 5;
    double m_capacity = 5;
    double m_tokens = 0;
    qint64 m_lastRefillMs = -1;
};

} // namespace Reelwatch

#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace Reelwatch {

RateLimiter::RateLimiter(double perSecond)
{
    setRate(perSecond);
    m_tokens = m_capacity;
}

void RateLimiter::setRate(double perSecond)
{
    m_perSecond = std::max(0.01, perSecond);
    m_capacity = std::max(1.0, m_perSecond);
    m_tokens = std::min(m_tokens, m_capacity);
}

void RateLimiter::refill(qint64 nowMs)
{
    if (m_lastRefillMs < 0) {
        m_lastRefillMs = nowMs;
        return;
    }
    if (nowMs < m_lastRefillMs)
        return; // a clock that steps back must not count the same time twice

    m_tokens = std::min(m_capacity, m_tokens + (nowMs - m_lastRefillMs) * m_perSecond / 1000.0);
    m_lastRefillMs = nowMs;
}

bool RateLimiter::tryAcquire(qint64 nowMs)
{
    refill(nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

int RateLimiter::available(qint64 nowMs)
{
    refill(nowMs);
    return static_cast<int>(std::floor(m_tokens));
}

qint64 RateLimiter::nextTokenAtMs(qint64 nowMs)
{
    refill(nowMs);
    if (m_tokens >= 1.0)
        return nowMs;
    return nowMs + static_cast<qint64>(std::ceil((1.0 - m_tokens) * 1000.0 / m_perSecond));
}

} // namespace Reelwatch

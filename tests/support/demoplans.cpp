#include "demoplans.h"

namespace DemoPlans {

Reelwatch::DemoTaskPlan timed(const QString& id, const QString& prompt, qint64 queuedMs, qint64 startsMs,
                              qint64 finishesMs, bool fails)
{
    Reelwatch::DemoTaskPlan plan;
    plan.id = id;
    plan.prompt = prompt;
    plan.queuedAfterMs = queuedMs;
    plan.startsAfterMs = startsMs;
    plan.finishesAfterMs = finishesMs;
    plan.fails = fails;
    return plan;
}

Reelwatch::DemoTaskPlan paced(const QString& id, qint64 finishesMs, bool fails, const QString& prompt)
{
    return timed(id, prompt, finishesMs / 5, finishesMs / 3, finishesMs, fails);
}

Reelwatch::DemoTaskPlan finished(const QString& id, const QString& prompt, bool fails)
{
    return timed(id, prompt, 0, 0, 0, fails);
}

Reelwatch::DemoTaskPlan queued(const QString& id, const QString& prompt)
{
    return timed(id, prompt, 0, kForeverMs, kForeverMs);
}

Reelwatch::DemoTaskPlan rendering(const QString& id)
{
    return timed(id, QString(), 100, 200, kForeverMs);
}

} // namespace DemoPlans

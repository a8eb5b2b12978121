#pragma once

// The renders the tests ask the demo server to play, built one way: a plan says after how many
// milliseconds (from the server's first sight of the ID) the task is queued, rendering and done.

#include "demo/demoserver.h"

namespace DemoPlans {

// A render that does not finish while a test runs.
constexpr qint64 kForeverMs = 60 * 60 * 1000;

// Queued, rendering and done at these times.
Reelwatch::DemoTaskPlan timed(const QString& id, const QString& prompt, qint64 queuedMs, qint64 startsMs,
                              qint64 finishesMs, bool fails = false);
// Queued at a fifth of the way, rendering from a third, done at `finishesMs`.
Reelwatch::DemoTaskPlan paced(const QString& id, qint64 finishesMs, bool fails = false,
                              const QString& prompt = QString());
// Finished (or failed) at its first poll.
Reelwatch::DemoTaskPlan finished(const QString& id, const QString& prompt = QString(), bool fails = false);
// Queued at its first poll and for the rest of the test.
Reelwatch::DemoTaskPlan queued(const QString& id, const QString& prompt = QString());
// Rendering from its first moments for the rest of the test.
Reelwatch::DemoTaskPlan rendering(const QString& id);

} // namespace DemoPlans

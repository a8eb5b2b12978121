#pragma once

#include <optional>
#include <QHash>
#include <QString>
#include <vector>

namespace Reelwatch {

// How long renders of one model on one profile take, from the ones that finished: the median of
// the most recent kSamples, which one stuck or unusually quick render does not move. The board's
// "about 2 min left" comes from here.
class RenderEstimates
{
public:
    static constexpr int kSamples = 20;
    // Fewer finished renders than this say too little to estimate from.
    static constexpr int kMinSamples = 3;

    // A render that took `durationMs`, finished at `finishedAt` (any monotonic unit, e.g. unix
    // seconds): only the most recent kSamples per profile and model are kept.
    void addFinished(qint64 profileId, const QString& model, qint64 finishedAt, qint64 durationMs);
    std::optional<qint64> typicalMs(qint64 profileId, const QString& model) const;
    // What is left of a typical render after `elapsedMs`; negative when this one is taking longer.
    std::optional<qint64> remainingMs(qint64 profileId, const QString& model, qint64 elapsedMs) const;
    void clear() { m_samples.clear(); }

private:
    struct Sample
    {
        qint64 finishedAt;
        qint64 durationMs;
    };
    static QString keyOf(qint64 profileId, const QString& model);
    QHash<QString, std::vector<Sample>> m_samples; // oldest first
};

} // namespace Reelwatch

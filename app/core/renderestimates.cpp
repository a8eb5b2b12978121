#include "renderestimates.h"

#include <algorithm>

namespace Reelwatch {

QString RenderEstimates::keyOf(qint64 profileId, const QString& model)
{
    return QString::number(profileId) + QLatin1Char('/') + model;
}

void RenderEstimates::addFinished(qint64 profileId, const QString& model, qint64 finishedAt, qint64 durationMs)
{
    if (durationMs <= 0)
        return;
    std::vector<Sample>& samples = m_samples[keyOf(profileId, model)];
    const auto position = std::upper_bound(samples.begin(), samples.end(), finishedAt,
                                           [](qint64 at, const Sample& sample) { return at < sample.finishedAt; });
    if (position == samples.begin() && int(samples.size()) >= kSamples)
        return; // older than every kept sample
    samples.insert(position, Sample{finishedAt, durationMs});
    if (int(samples.size()) > kSamples)
        samples.erase(samples.begin());
}

std::optional<qint64> RenderEstimates::typicalMs(qint64 profileId, const QString& model) const
{
    const auto it = m_samples.constFind(keyOf(profileId, model));
    if (it == m_samples.constEnd() || int(it->size()) < kMinSamples)
        return std::nullopt;
    std::vector<qint64> durations;
    durations.reserve(it->size());
    for (const Sample& sample : *it)
        durations.push_back(sample.durationMs);
    std::sort(durations.begin(), durations.end());
    const size_t middle = durations.size() / 2;
    return durations.size() % 2 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
}

std::optional<qint64> RenderEstimates::remainingMs(qint64 profileId, const QString& model, qint64 elapsedMs) const
{
    const std::optional<qint64> typical = typicalMs(profileId, model);
    if (!typical)
        return std::nullopt;
    return *typical - elapsedMs;
}

} // namespace Reelwatch

#include "taskintake.h"

#include "taskid.h"

#include <QSet>

namespace Reelwatch {

namespace {

// Generated IDs (OpenAI's hex, UUIDs, ULIDs, base64, gateways' long numbers) all carry digits and
// are long; words, short numbers and dates are what a random paste is made of.
bool looksGenerated(const QString& id)
{
    if (id.size() < 8)
        return false;
    int digits = 0;
    bool hasLetter = false;
    for (const QChar c : id) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            ++digits;
        else if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')))
            hasLetter = true;
    }
    return digits > 0 && (hasLetter || digits >= 12);
}

} // namespace

QList<TaskIntake::Item> TaskIntake::review(const QString& text, const std::function<bool(const QString& id)>& isKnown,
                                           const std::function<TaskIdCheck(const QString& candidate)>& check)
{
    QList<Item> items;
    QSet<QString> seen;
    for (const TaskIdCandidate& found : TaskId::extractCandidates(text)) {
        const QString& candidate = found.text;
        const TaskIdCheck verdict = check ? check(candidate) : TaskId::validate(candidate);
        // extract() already drops repeats; this keeps the promise if two spellings trim to one ID.
        if (seen.contains(verdict.id))
            continue;
        seen.insert(verdict.id);
        Item item;
        item.candidate = candidate;
        item.id = verdict.id;
        item.label = found.label;
        if (!verdict.valid) {
            item.verdict = Verdict::Invalid;
            item.reason = verdict.reason;
        } else if (isKnown && isKnown(verdict.id)) {
            item.verdict = Verdict::Duplicate;
            item.reason = tr("already tracked in this profile");
        } else {
            item.verdict = Verdict::Valid;
        }
        items << item;
    }
    return items;
}

TaskIntake::Counts TaskIntake::count(const QList<Item>& items)
{
    Counts counts;
    for (const Item& item : items) {
        switch (item.verdict) {
        case Verdict::Valid:
            ++counts.valid;
            break;
        case Verdict::Duplicate:
            ++counts.duplicate;
            break;
        case Verdict::Invalid:
            ++counts.invalid;
            break;
        }
    }
    return counts;
}

QStringList TaskIntake::validIds(const QList<Item>& items)
{
    QStringList ids;
    for (const Item& item : items) {
        if (item.verdict == Verdict::Valid)
            ids << item.id;
    }
    return ids;
}

bool TaskIntake::looksLikeTaskIds(const QString& text)
{
    const QStringList candidates = TaskId::extract(text);
    int generated = 0;
    for (const QString& candidate : candidates) {
        const TaskIdCheck check = TaskId::validate(candidate);
        if (check.valid && looksGenerated(check.id))
            ++generated;
    }
    return generated > 0 && generated * 2 >= candidates.size();
}

} // namespace Reelwatch

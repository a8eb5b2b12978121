#include "statustext.h"

namespace Reelwatch {

namespace {

// "IN_PROGRESS", "in-progress" and "In progress" are one word to a reader.
QString folded(const QString& word)
{
    QString out;
    out.reserve(word.size());
    for (const QChar c : word) {
        if (c.isLetterOrNumber())
            out += c.toLower();
    }
    return out;
}

} // namespace

QString StatusText::name(TaskStatus status)
{
    switch (status) {
    case TaskStatus::NotStart:
        return tr("Not started");
    case TaskStatus::Submitted:
        return tr("Submitted");
    case TaskStatus::Queued:
        return tr("Queued");
    case TaskStatus::InProgress:
        return tr("Rendering");
    case TaskStatus::Success:
        return tr("Succeeded");
    case TaskStatus::Failure:
        return tr("Failed");
    case TaskStatus::Unknown:
        break;
    }
    return tr("Unknown");
}

QString StatusText::withRawWord(TaskStatus status, const QString& rawStatus)
{
    const QString named = name(status);
    const QString raw = rawStatus.trimmed();
    const QString word = folded(raw);
    // The same word in another form says nothing more: MiniMax's "Fail", Kling's "succeed".
    const auto sameWord = [&word](const QString& other) {
        const QString form = folded(other);
        return form.startsWith(word) || word.startsWith(form);
    };
    if (word.isEmpty() || sameWord(named) || sameWord(statusWireName(status)))
        return named;
    return tr("%1 (%2)", "a status and the provider's own word for it").arg(named, raw);
}

} // namespace Reelwatch

#include "taskdroptext.h"

#include "core/taskid.h"

#include <algorithm>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMimeData>
#include <QStringDecoder>
#include <QUrl>

namespace Reelwatch {

namespace {

bool isSupportedSuffix(const QString& suffix)
{
    const QString lower = suffix.toLower();
    return lower == QLatin1String("txt") || lower == QLatin1String("json") || lower == QLatin1String("csv");
}

} // namespace

bool TaskDropText::canRead(const QMimeData* mime)
{
    return mime && (mime->hasUrls() || mime->hasText());
}

TaskDropText::Result TaskDropText::read(const QMimeData* mime)
{
    Result result;
    if (!canRead(mime)) {
        result.errors << tr("Nothing was read: the data holds neither text nor files.");
        return result;
    }
    const QList<QUrl> urls = mime->urls();
    if (urls.isEmpty()) {
        result.text = mime->text();
        return result;
    }

    const QLocale locale;
    QStringList pieces;
    QStringList links;
    qint64 budget = kMaxTotalBytes;
    for (const QUrl& url : urls) {
        if (!url.isLocalFile()) {
            // A link to a task or its result ends in the ID; TaskId::extract takes it from there. User
            // info is dropped so a password in a link never lands in the text field.
            if (url.isValid() && !url.isEmpty())
                links << url.toString(QUrl::RemoveUserInfo);
            continue;
        }
        const QString path = url.toLocalFile();
        const QFileInfo info(path);
        const QString name = info.fileName().isEmpty() ? path : info.fileName();
        if (!info.exists()) {
            result.errors << tr("“%1” could not be read: the file does not exist.").arg(name);
            continue;
        }
        if (info.isDir()) {
            result.errors << tr("“%1” is a folder; drop the .txt, .json or .csv files inside it instead.").arg(name);
            continue;
        }
        if (!isSupportedSuffix(info.suffix())) {
            result.errors << tr("“%1” was not read: only .txt, .json and .csv files are read for task IDs.").arg(name);
            continue;
        }
        // Devices and pipes could block or never end.
        if (!info.isFile()) {
            result.errors << tr("“%1” was not read: it is not a regular file.").arg(name);
            continue;
        }
        if (info.size() > kMaxFileBytes) {
            // The byte count too: just over the limit rounds to the limit itself.
            result.errors << tr("“%1” was not read: it is %2 (%3 bytes); files over %4 are not read.")
                                 .arg(name, locale.formattedDataSize(info.size()), locale.toString(info.size()),
                                      locale.formattedDataSize(kMaxFileBytes, 0));
            continue;
        }
        if (info.size() > budget) {
            result.errors << tr("“%1” was not read: the files dropped together are larger than %2.")
                                 .arg(name, locale.formattedDataSize(kMaxTotalBytes, 0));
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.errors << tr("“%1” could not be read: %2").arg(name, file.errorString());
            continue;
        }
        // One byte past the cap tells a file that grew since it was measured.
        const QByteArray data = file.read(kMaxFileBytes + 1);
        if (file.error() != QFileDevice::NoError) {
            result.errors << tr("“%1” could not be read: %2").arg(name, file.errorString());
            continue;
        }
        if (data.size() > kMaxFileBytes) {
            result.errors << tr("“%1” was not read: it grew past %2 while being read.")
                                 .arg(name, locale.formattedDataSize(kMaxFileBytes, 0));
            continue;
        }
        budget -= data.size();

        // UTF-8 unless a byte order mark says UTF-16 or UTF-32 (what some Windows editors save).
        const QStringConverter::Encoding encoding
            = QStringConverter::encodingForData(data).value_or(QStringConverter::Utf8);
        if (encoding == QStringConverter::Utf8 && data.contains('\0')) {
            result.errors << tr("“%1” was not read: it is a binary file, not text.").arg(name);
            continue;
        }
        QStringDecoder decoder(encoding);
        const QString text = decoder.decode(data);
        if (decoder.hasError()) {
            if (encoding == QStringConverter::Utf8)
                result.errors
                    << tr("“%1” was not read: it is not UTF-8 text. Save it as UTF-8 and drop it again.").arg(name);
            else
                result.errors << tr("“%1” was not read: it starts with a UTF-16 or UTF-32 byte order mark, but "
                                    "the rest is not valid text in that encoding.")
                                     .arg(name);
            continue;
        }
        if (text.trimmed().isEmpty()) {
            result.errors << tr("“%1” is empty.").arg(name);
            continue;
        }
        pieces << text;
    }
    if (!links.isEmpty())
        pieces << links.join(QLatin1Char('\n'));
    result.text = combine(pieces);
    return result;
}

QString TaskDropText::combine(const QStringList& texts)
{
    QStringList pieces;
    for (const QString& text : texts) {
        if (!text.trimmed().isEmpty())
            pieces << text;
    }
    if (pieces.size() <= 1)
        return pieces.value(0);
    // Each ID once, where it first appears; a repeat that has a label lends it to the first.
    QList<TaskIdCandidate> candidates;
    QHash<QString, qsizetype> positions;
    bool labelled = false;
    for (const QString& piece : std::as_const(pieces)) {
        for (const TaskIdCandidate& candidate : TaskId::extractCandidates(piece)) {
            labelled = labelled || !candidate.label.isEmpty();
            const auto known = positions.constFind(candidate.text);
            if (known == positions.constEnd()) {
                positions.insert(candidate.text, candidates.size());
                candidates.append(candidate);
            } else if (candidates[*known].label.isEmpty()) {
                candidates[*known].label = candidate.label;
            }
        }
    }
    // Lists simply follow each other, and the text stays as the user wrote it. Shapes that would not
    // survive being glued together (JSON, a table, prose) become a JSON array of the IDs each held,
    // exactly as found, spaces and all, so every verdict stays what it was; with the labels they gave,
    // if any, as objects.
    const QString joined = pieces.join(QLatin1Char('\n'));
    const QList<TaskIdCandidate> together = TaskId::extractCandidates(joined);
    const bool same = std::equal(
        together.begin(), together.end(), candidates.begin(), candidates.end(),
        [](const TaskIdCandidate& a, const TaskIdCandidate& b) { return a.text == b.text && a.label == b.label; });
    if (same)
        return joined;
    QJsonArray array;
    for (const TaskIdCandidate& candidate : std::as_const(candidates)) {
        if (!labelled)
            array.append(candidate.text);
        else if (candidate.label.isEmpty())
            array.append(QJsonObject{{QStringLiteral("id"), candidate.text}});
        else
            array.append(
                QJsonObject{{QStringLiteral("id"), candidate.text}, {QStringLiteral("label"), candidate.label}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
}

} // namespace Reelwatch

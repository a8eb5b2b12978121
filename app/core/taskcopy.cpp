#include "taskcopy.h"

#include "downloadnaming.h"
#include "provider.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QStringList>
#include <QUrl>

namespace Reelwatch {

namespace {

bool hasBaseUrl(const ApiEndpoint& endpoint)
{
    return endpoint.baseUrl().isValid() && !endpoint.baseUrl().host().isEmpty();
}

bool isWellFormedDocument(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    return error.error == QJsonParseError::NoError && (document.isObject() || document.isArray());
}

// Re-lays out JSON that has already been checked to be well formed: drops the whitespace between
// tokens and, when `indent` is set, puts one member per line. The tokens themselves are copied
// as they are, except raw control characters inside strings, which become \u escapes so that even
// a lenient server's output stays valid JSON (and on one line when compacted).
QString relayout(const QByteArray& json, bool indent)
{
    const QString text = QString::fromUtf8(json);
    QString out;
    out.reserve(text.size());
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&]() {
        if (indent) {
            out += QLatin1Char('\n');
            out += QString(depth * 4, QLatin1Char(' '));
        }
    };
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            if (escaped) {
                escaped = false;
                out += c;
            } else if (c == QLatin1Char('\\')) {
                escaped = true;
                out += c;
            } else if (c == QLatin1Char('"')) {
                inString = false;
                out += c;
            } else if (c.unicode() < 0x20) {
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            } else {
                out += c;
            }
            continue;
        }
        switch (c.unicode()) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case 0xFEFF: // a byte order mark before the document
            break;
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            int next = i + 1;
            while (next < text.size() && text.at(next).isSpace())
                ++next;
            // An empty object or array stays "{}" / "[]" instead of spanning two lines.
            if (next < text.size() && (text.at(next) == QLatin1Char('}') || text.at(next) == QLatin1Char(']'))) {
                out += text.at(next);
                i = next;
            } else {
                ++depth;
                newline();
            }
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += indent ? QStringLiteral(": ") : QStringLiteral(":");
            break;
        default:
            out += c;
            break;
        }
    }
    return out;
}

QString joinLines(const QStringList& lines)
{
    return lines.join(QLatin1Char('\n'));
}

// The curl words for a request's headers: the credential as the environment variable the shell
// expands, never its value. nullopt when a header is signed from the secret per request (Kling): no
// line the shell completes could carry it.
std::optional<QStringList> headerWords(const ProviderRequest& request, const ApiEndpoint& endpoint)
{
    QStringList words;
    for (const ProviderHeader& header : request.headers) {
        if (header.computedFromSecret)
            return std::nullopt;
        const QString name = QString::fromLatin1(header.name) + QStringLiteral(": ");
        words << QStringLiteral("-H");
        if (header.carriesSecret) {
            // "Authorization: Bearer ", single-quoted, immediately followed by the variable in double
            // quotes (and what follows it): the shell joins them into one argument and expands only
            // the variable.
            QString word = TaskCopy::shellQuote(name + QString::fromLatin1(header.secretPrefix)) + QStringLiteral("\"$")
                + endpoint.secretEnvironmentVariable() + QLatin1Char('"');
            if (!header.secretSuffix.isEmpty())
                word += TaskCopy::shellQuote(QString::fromLatin1(header.secretSuffix));
            words << word;
        } else if (header.freshPerRequest) {
            words << TaskCopy::shellQuote(name) + QStringLiteral("\"$(uuidgen)\"");
        } else {
            words << TaskCopy::shellQuote(name + QString::fromLatin1(header.value));
        }
    }
    return words;
}

// "14:03" today, else the date and time: when a link expired, in the user's own format.
QString localTime(qint64 unixSeconds, qint64 nowSeconds)
{
    const QDateTime at = QDateTime::fromSecsSinceEpoch(unixSeconds).toLocalTime();
    const QLocale locale;
    if (at.date() == QDateTime::fromSecsSinceEpoch(nowSeconds).toLocalTime().date())
        return locale.toString(at.time(), QLocale::ShortFormat);
    return locale.toString(at.date(), QLocale::ShortFormat) + QLatin1Char(' ')
        + locale.toString(at.time(), QLocale::ShortFormat);
}

} // namespace

std::optional<QString> TaskCopy::prettyJson(const QByteArray& json)
{
    if (!isWellFormedDocument(json))
        return std::nullopt;
    return relayout(json, true);
}

std::optional<QString> TaskCopy::compactJson(const QByteArray& json)
{
    if (!isWellFormedDocument(json))
        return std::nullopt;
    return relayout(json, false);
}

QString TaskCopy::shellQuote(const QString& text)
{
    // Inside single quotes a POSIX shell expands nothing; a quote itself is closed, escaped and
    // reopened.
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString TaskCopy::curlCommand(const TaskCopySubject& subject)
{
    if (!hasBaseUrl(subject.endpoint))
        return QString();
    const ApiEndpoint& endpoint = subject.endpoint;
    const ProviderRequest request = endpoint.statusRequest(subject.taskId, QByteArray());
    const std::optional<QStringList> headers = headerWords(request, endpoint);
    if (!headers)
        return QString();
    QStringList words = {QStringLiteral("curl"), QStringLiteral("-sS")};
    words << *headers << shellQuote(request.url.toString(QUrl::FullyEncoded));
    return words.join(QLatin1Char(' '));
}

QString TaskCopy::downloadCommand(const TaskCopySubject& subject)
{
    if (!subject.last || subject.last->status != TaskStatus::Success)
        return QString();
    // The name `reelwatch download` would give it: an ID such as "models/veo/operations/abc" or one
    // with ".." must not become a path.
    DownloadNameFields fields;
    fields.id = subject.taskId;
    fields.variant = QStringLiteral("video");
    const QString file = shellQuote(DownloadNaming::fileName(QStringLiteral("{id}"), fields));
    if (const std::optional<QString> link = resultLink(subject))
        return QStringLiteral("curl -sS -f -L -o %1 %2").arg(file, shellQuote(*link));
    if (!hasBaseUrl(subject.endpoint))
        return QString();
    const ApiEndpoint& endpoint = subject.endpoint;
    const std::optional<ProviderRequest> request
        = endpoint.provider().contentRequest(endpoint, subject.taskId, QStringLiteral("video"), QByteArray());
    if (!request)
        return QString();
    const std::optional<QStringList> headers = headerWords(*request, endpoint);
    if (!headers)
        return QString();
    // curl -L would send the credential header to wherever the API redirects (only Authorization is
    // held back by curl, not a token or key header): the redirect is followed by hand, without it.
    QStringList first = {QStringLiteral("curl"),
                         QStringLiteral("-sS"),
                         QStringLiteral("-f"),
                         QStringLiteral("-o"),
                         file,
                         QStringLiteral("-w"),
                         shellQuote(QStringLiteral("%{redirect_url}"))};
    first << *headers << shellQuote(request->url.toString(QUrl::FullyEncoded));
    // In a subshell, so the user's own $url is left alone.
    return QStringLiteral("(url=$(%1) && if [ -n \"$url\" ]; then curl -sS -f -L -o %2 \"$url\"; fi)")
        .arg(first.join(QLatin1Char(' ')), file);
}

QString TaskCopy::singleLine(const QString& text)
{
    // QString::split on '\n' after folding the other line separators, so "\r\n", a lone '\r' and
    // U+2028/U+2029 all end a line too.
    QString folded = text;
    for (const QChar separator : {QChar(u'\r'), QChar(u'\v'), QChar(u'\f'), QChar(0x85), QChar(0x2028), QChar(0x2029)})
        folded.replace(separator, QLatin1Char('\n'));
    QStringList parts;
    const QStringList lines = folded.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            parts << trimmed;
    }
    return parts.join(QLatin1Char(' '));
}

std::optional<QString> TaskCopy::resultLink(const TaskCopySubject& subject)
{
    if (!subject.last)
        return std::nullopt;
    const QString bodyUrl = subject.last->resultUrl.trimmed();
    // The body's own link is kept verbatim: a signed CDN URL must not be re-encoded. A link on the
    // API's own server is its content route by another name: a browser cannot send the key. The
    // content route itself is only ever copied inside the download command, which names the key.
    if (!isWebLink(bodyUrl) || ApiEndpoint::isSameOrigin(QUrl(bodyUrl), subject.endpoint.baseUrl()))
        return std::nullopt;
    return bodyUrl;
}

bool TaskCopy::videoNeedsKey(const TaskCopySubject& subject)
{
    if (!subject.last || subject.last->status != TaskStatus::Success || resultLink(subject))
        return false;
    if (isWebLink(subject.last->resultUrl.trimmed()))
        return true; // a link on the API's own server
    return hasBaseUrl(subject.endpoint) && !subject.endpoint.contentUrl(subject.taskId, QString()).isEmpty();
}

BrowserLink TaskCopy::browserLink(const TaskCopySubject& subject, qint64 nowSeconds)
{
    BrowserLink link;
    const VideoTask* task = subject.last ? &*subject.last : nullptr;
    if (!task || !isTerminal(task->status)) {
        link.problem = BrowserLink::Problem::NotFinished;
        return link;
    }
    if (task->status == TaskStatus::Failure) {
        link.problem = BrowserLink::Problem::Failed;
        return link;
    }
    const std::optional<QString> url = resultLink(subject);
    if (!url) {
        link.problem = videoNeedsKey(subject) ? BrowserLink::Problem::NeedsKey : BrowserLink::Problem::NoLink;
        return link;
    }
    // The body's expiry, else as long as the provider says its links live.
    std::optional<qint64> expiresAt = task->expiresAt;
    const std::optional<qint64> lifetime = subject.endpoint.provider().capabilities().linkLifetimeSeconds;
    if (!expiresAt && task->completedAt && lifetime)
        expiresAt = *task->completedAt + *lifetime;
    if (expiresAt && *expiresAt <= nowSeconds) {
        link.problem = BrowserLink::Problem::Expired;
        link.expiredAt = *expiresAt;
        return link;
    }
    link.url = *url;
    return link;
}

QString TaskCopy::whyNoBrowserLink(const BrowserLink& link)
{
    switch (link.problem) {
    case BrowserLink::Problem::None:
        break;
    case BrowserLink::Problem::NotFinished:
        return tr("No result to open yet: the render is not finished.");
    case BrowserLink::Problem::Failed:
        return tr("No result to open: the render failed.");
    case BrowserLink::Problem::NeedsKey:
        return tr("No link opens this render in a browser: its video comes from the API, which needs the key. "
                  "Download it instead.");
    case BrowserLink::Problem::NoLink:
        return tr("No link to open: the server gave none for this render.");
    case BrowserLink::Problem::Expired:
        return tr("The result link expired at %1. Refresh the task to ask for a fresh one, or download the video.")
            .arg(localTime(link.expiredAt, QDateTime::currentSecsSinceEpoch()));
    }
    return QString();
}

std::optional<QString> TaskCopy::forTask(Kind kind, const TaskCopySubject& subject)
{
    switch (kind) {
    case Kind::Id:
        return subject.taskId;
    case Kind::ResultLink:
        return resultLink(subject);
    case Kind::Json: {
        if (!subject.last || subject.last->rawJson.isEmpty())
            return std::nullopt;
        // Whatever the server sent, even when it does not parse: that is what someone reporting a
        // problem needs to see.
        return prettyJson(subject.last->rawJson).value_or(QString::fromUtf8(subject.last->rawJson));
    }
    case Kind::Curl: {
        // Useful for any task, answered or not: it is how to ask the server by hand.
        const QString command = curlCommand(subject);
        if (command.isEmpty())
            return std::nullopt;
        return command;
    }
    case Kind::Prompt:
        if (!subject.last || subject.last->prompt.trimmed().isEmpty())
            return std::nullopt;
        return subject.last->prompt;
    case Kind::DownloadCurl: {
        const QString command = downloadCommand(subject);
        if (command.isEmpty())
            return std::nullopt;
        return command;
    }
    }
    return std::nullopt;
}

TaskCopyResult TaskCopy::forSelection(Kind kind, const QList<TaskCopySubject>& subjects)
{
    TaskCopyResult result;
    const auto skip = [&result, kind](const TaskCopySubject& subject) {
        ++result.skipped;
        if (kind == Kind::ResultLink && videoNeedsKey(subject))
            ++result.keyOnly;
    };
    if (subjects.size() == 1) {
        const auto text = forTask(kind, subjects.first());
        if (text) {
            result.text = *text;
            result.copied = 1;
        } else {
            skip(subjects.first());
        }
        return result;
    }
    QStringList lines;
    for (const TaskCopySubject& subject : subjects) {
        std::optional<QString> line;
        switch (kind) {
        case Kind::Json:
            // JSON Lines: one compact document per line, so the lines can be fed to `jq -c` or
            // read back one by one. A body that does not parse cannot be put on one line safely
            // and is skipped.
            if (subject.last)
                line = compactJson(subject.last->rawJson);
            break;
        case Kind::Prompt:
            // One prompt per line: line breaks inside a prompt become spaces, or one prompt would
            // read as several.
            if (subject.last) {
                const QString flat = singleLine(subject.last->prompt);
                if (!flat.isEmpty())
                    line = flat;
            }
            break;
        case Kind::Id:
        case Kind::ResultLink:
        case Kind::Curl:
        case Kind::DownloadCurl:
            // Already one line each: IDs are validated, links have no whitespace, the curl lines
            // quote everything.
            line = forTask(kind, subject);
            break;
        }
        if (line) {
            lines << *line;
            ++result.copied;
        } else {
            skip(subject);
        }
    }
    result.text = joinLines(lines);
    return result;
}

QString TaskCopy::summary(Kind kind, const TaskCopyResult& result)
{
    const int total = result.copied + result.skipped;
    if (result.copied == 0) {
        if (total == 0)
            return tr("Nothing copied: no task is selected.");
        switch (kind) {
        case Kind::Id: // every task has an ID
            return tr("Nothing copied: no task is selected.");
        case Kind::Curl:
            return tr("Nothing copied: the server of the selected tasks is not known.");
        case Kind::ResultLink:
            if (result.keyOnly == total)
                return total == 1 ? tr("Nothing copied: no link opens this render in a browser; its video comes from "
                                       "the API, which needs the key. Copy download command (curl) instead.")
                                  : tr("Nothing copied: no link opens these renders in a browser; their videos come "
                                       "from the API, which needs the key. Copy download command (curl) instead.");
            return total == 1 ? tr("Nothing copied: this task has no result yet.")
                              : tr("Nothing copied: none of the selected tasks has a result yet.");
        case Kind::DownloadCurl:
            return total == 1 ? tr("Nothing copied: this task has no video to download yet.")
                              : tr("Nothing copied: none of the selected tasks has a video to download yet.");
        case Kind::Json:
            return total == 1 ? tr("Nothing copied: the server has not answered for this task yet.")
                              : tr("Nothing copied: the server has not answered for any of the selected tasks yet.");
        case Kind::Prompt:
            return total == 1 ? tr("Nothing copied: this task has no prompt.")
                              : tr("Nothing copied: none of the selected tasks has a prompt.");
        }
    }

    QString copied;
    // A separate sentence for one item: English plurals then read right without a translation file.
    switch (kind) {
    case Kind::Id:
        copied = result.copied == 1 ? tr("Copied the task ID.") : tr("Copied %n task IDs.", nullptr, result.copied);
        break;
    case Kind::ResultLink:
        copied = result.copied == 1 ? tr("Copied the result link.")
                                    : tr("Copied %n result links.", nullptr, result.copied);
        break;
    case Kind::Json:
        copied = result.copied == 1 ? tr("Copied the JSON.")
                                    : tr("Copied the JSON of %n tasks, one per line.", nullptr, result.copied);
        break;
    case Kind::Curl:
        copied = result.copied == 1 ? tr("Copied the curl command.")
                                    : tr("Copied %n curl commands.", nullptr, result.copied);
        break;
    case Kind::Prompt:
        copied = result.copied == 1 ? tr("Copied the prompt.")
                                    : tr("Copied %n prompts, one per line.", nullptr, result.copied);
        break;
    case Kind::DownloadCurl:
        copied = result.copied == 1 ? tr("Copied the download command.")
                                    : tr("Copied %n download commands.", nullptr, result.copied);
        break;
    }
    if (result.skipped == 0)
        return copied;

    QString skipped;
    switch (kind) {
    case Kind::Id:
    case Kind::Curl:
        skipped = tr("%n of %1 tasks have no known server.", nullptr, result.skipped).arg(total);
        break;
    case Kind::ResultLink: {
        QStringList why;
        if (result.skipped > result.keyOnly)
            why << tr("%n of %1 tasks have no result yet.", nullptr, result.skipped - result.keyOnly).arg(total);
        if (result.keyOnly > 0)
            why << tr("%n of %1 tasks have no link for a browser (the video needs the key).", nullptr, result.keyOnly)
                       .arg(total);
        skipped = why.join(QLatin1Char(' '));
        break;
    }
    case Kind::DownloadCurl:
        skipped = tr("%n of %1 tasks have no video to download yet.", nullptr, result.skipped).arg(total);
        break;
    case Kind::Json:
        skipped = tr("%n of %1 tasks have no JSON yet.", nullptr, result.skipped).arg(total);
        break;
    case Kind::Prompt:
        skipped = tr("%n of %1 tasks have no prompt.", nullptr, result.skipped).arg(total);
        break;
    }
    return copied + QLatin1Char(' ') + skipped;
}

} // namespace Reelwatch

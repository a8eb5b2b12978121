#include "taskcopy.h"

#include "provider.h"

#include <QJsonDocument>
#include <QJsonParseError>
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
    QStringList words = {QStringLiteral("curl"), QStringLiteral("-sS")};
    for (const ProviderHeader& header : request.headers) {
        // A value signed from the secret for each request (Kling) cannot be written as a line the
        // shell completes: no curl line rather than one that cannot work.
        if (header.computedFromSecret)
            return QString();
        const QString name = QString::fromLatin1(header.name) + QStringLiteral(": ");
        words << QStringLiteral("-H");
        if (header.carriesSecret) {
            // "Authorization: Bearer ", single-quoted, immediately followed by the variable in double
            // quotes (and what follows it): the shell joins them into one argument and expands only
            // the variable.
            QString word = shellQuote(name + QString::fromLatin1(header.secretPrefix)) + QStringLiteral("\"$")
                + endpoint.secretEnvironmentVariable() + QLatin1Char('"');
            if (!header.secretSuffix.isEmpty())
                word += shellQuote(QString::fromLatin1(header.secretSuffix));
            words << word;
        } else if (header.freshPerRequest) {
            words << shellQuote(name) + QStringLiteral("\"$(uuidgen)\"");
        } else {
            words << shellQuote(name + QString::fromLatin1(header.value));
        }
    }
    words << shellQuote(request.url.toString(QUrl::FullyEncoded));
    return words.join(QLatin1Char(' '));
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
    // The body's own link is kept verbatim: a signed CDN URL must not be re-encoded.
    if (isWebLink(bodyUrl))
        return bodyUrl;
    if (subject.last->status != TaskStatus::Success || !hasBaseUrl(subject.endpoint))
        return std::nullopt;
    // Without a variant the server answers with the video itself (OpenAI's default). A token
    // profile gets its own route family (/api/videos/{id}/content): the link then pairs with the
    // same credential as everything else Reelwatch sends to that profile. A provider without such
    // a route has no link but the one its status gives.
    const QUrl content = subject.endpoint.contentUrl(subject.taskId, QString());
    if (content.isEmpty())
        return std::nullopt;
    return content.toString(QUrl::FullyEncoded);
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
    }
    return std::nullopt;
}

TaskCopyResult TaskCopy::forSelection(Kind kind, const QList<TaskCopySubject>& subjects)
{
    TaskCopyResult result;
    if (subjects.size() == 1) {
        const auto text = forTask(kind, subjects.first());
        if (text) {
            result.text = *text;
            result.copied = 1;
        } else {
            result.skipped = 1;
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
            // Already one line each: IDs are validated, links have no whitespace, the curl line
            // quotes everything.
            line = forTask(kind, subject);
            break;
        }
        if (line) {
            lines << *line;
            ++result.copied;
        } else {
            ++result.skipped;
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
            return total == 1 ? tr("Nothing copied: this task has no result yet.")
                              : tr("Nothing copied: none of the selected tasks has a result yet.");
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
    }
    if (result.skipped == 0)
        return copied;

    QString skipped;
    switch (kind) {
    case Kind::Id:
    case Kind::Curl:
        skipped = tr("%n of %1 tasks have no known server.", nullptr, result.skipped).arg(total);
        break;
    case Kind::ResultLink:
        skipped = tr("%n of %1 tasks have no result yet.", nullptr, result.skipped).arg(total);
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

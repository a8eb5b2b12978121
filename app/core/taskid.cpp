#include "taskid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

namespace Reelwatch {

namespace {

bool isIdCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' || u == '_'
        || u == ':' || u == '-';
}

QString describeCharacter(QChar c)
{
    if (c == QLatin1Char(' '))
        return QStringLiteral("a space");
    if (c.category() == QChar::Other_Control || c.unicode() < 0x20 || c.unicode() == 0x7f)
        return QStringLiteral("a control character (U+%1)")
            .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    if (c.isSpace())
        return QStringLiteral("white space");
    return QStringLiteral("'%1'").arg(c);
}

void collectFromJson(const QJsonValue& value, QStringList& out, int depth)
{
    if (depth > 32)
        return;
    if (value.isArray()) {
        for (const QJsonValue& element : value.toArray()) {
            if (element.isString())
                out << element.toString();
            else
                collectFromJson(element, out, depth + 1);
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const char* key : {"id", "task_id", "video_id", "taskId", "videoId"}) {
            const QJsonValue idValue = object.value(QLatin1String(key));
            if (idValue.isString())
                out << idValue.toString();
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isObject() || it.value().isArray())
                collectFromJson(it.value(), out, depth + 1);
        }
    }
}

// The ID a URL points at: an id-like query parameter, else its last path segment.
QString idFromUrl(const QString& token)
{
    const QUrl url(token);
    if (!url.isValid())
        return QString();
    const QUrlQuery query(url);
    for (const char* key : {"id", "task_id", "video_id"}) {
        const QString value = query.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
        if (!value.isEmpty())
            return value;
    }
    QStringList segments = url.path(QUrl::FullyDecoded).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    // …/videos/{id}/content points at the task too.
    if (segments.size() >= 2 && segments.last() == QLatin1String("content"))
        segments.removeLast();
    return segments.isEmpty() ? QString() : segments.last();
}

QString stripDecoration(QString token)
{
    static const QString leading = QStringLiteral("\"'`([{<");
    static const QString trailing = QStringLiteral("\"'`)]}>.,;:");
    while (!token.isEmpty() && leading.contains(token.front()))
        token.remove(0, 1);
    while (!token.isEmpty() && trailing.contains(token.back()))
        token.chop(1);
    return token;
}

} // namespace

TaskIdCheck TaskId::validate(const QString& candidate)
{
    TaskIdCheck check;
    check.id = candidate.trimmed();
    if (check.id.isEmpty()) {
        check.reason = QStringLiteral("the ID is empty");
        return check;
    }
    if (check.id.size() > kMaxLength) {
        check.reason = QStringLiteral("the ID is %1 characters long; at most %2 are allowed")
                           .arg(check.id.size())
                           .arg(kMaxLength);
        return check;
    }
    for (int i = 0; i < check.id.size(); ++i) {
        const QChar c = check.id.at(i);
        if (!isIdCharacter(c)) {
            check.reason = QStringLiteral("the ID contains %1 at position %2; only letters, digits, '.', '_', ':' "
                                          "and '-' are allowed")
                               .arg(describeCharacter(c))
                               .arg(i + 1);
            return check;
        }
    }
    if (check.id == QLatin1String(".") || check.id.contains(QLatin1String(".."))) {
        check.reason = QStringLiteral("the ID contains a '.' path step ('.' alone or '..')");
        return check;
    }
    check.valid = true;
    return check;
}

QStringList TaskId::extract(const QString& text)
{
    QStringList candidates;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return candidates;

    if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('['))) {
        const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8());
        if (!document.isNull())
            collectFromJson(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()),
                            candidates, 0);
    }

    if (candidates.isEmpty()) {
        static const QRegularExpression separators(QStringLiteral("[\\s,;|]+"));
        static const QRegularExpression prefixedToken(
            QStringLiteral("(?:^|[^A-Za-z0-9._:-])((?:video|task)_[A-Za-z0-9._:-]+)"));
        const QStringList tokens = trimmed.split(separators, Qt::SkipEmptyParts);

        // Prose with recognisable IDs in it ("Task video_abc started"): take only those, not every word.
        bool hasPrefixedIds = false;
        for (const QString& token : tokens) {
            if (token.contains(QLatin1String("://")) || prefixedToken.match(token).hasMatch()) {
                hasPrefixedIds = true;
                break;
            }
        }
        for (const QString& rawToken : tokens) {
            const QString token = stripDecoration(rawToken);
            if (token.isEmpty())
                continue;
            if (token.contains(QLatin1String("://"))) {
                const QString fromUrl = idFromUrl(token);
                if (!fromUrl.isEmpty())
                    candidates << fromUrl;
                continue;
            }
            if (hasPrefixedIds) {
                auto matches = prefixedToken.globalMatch(token);
                while (matches.hasNext())
                    candidates << stripDecoration(matches.next().captured(1));
                continue;
            }
            candidates << token;
        }
    }

    QStringList unique;
    QSet<QString> seen;
    for (const QString& candidate : std::as_const(candidates)) {
        const QString id = candidate.trimmed();
        if (!id.isEmpty() && !seen.contains(id)) {
            seen.insert(id);
            unique << id;
        }
    }
    return unique;
}

} // namespace Reelwatch

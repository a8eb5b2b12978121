#include "taskid.h"

#include "csv.h"

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

// One JSON document, or several back to back: JSON Lines (what `reelwatch status --json` prints) and
// pretty-printed objects one after another (what `jq '.data[]'` prints). False unless every part is
// an object or an array, so a text that merely starts with a brace is read as plain text.
bool collectFromJsonSequence(const QByteArray& data, QStringList& out)
{
    qsizetype position = 0;
    bool any = false;
    while (position < data.size()) {
        // Raw views, no copies: each round parses only the next document, so the whole is linear.
        const QByteArray rest = QByteArray::fromRawData(data.constData() + position, data.size() - position);
        QJsonParseError error;
        QJsonDocument document = QJsonDocument::fromJson(rest, &error);
        qsizetype consumed = rest.size();
        if (document.isNull() && error.error == QJsonParseError::GarbageAtEnd && error.offset > 0) {
            consumed = error.offset;
            document = QJsonDocument::fromJson(QByteArray::fromRawData(rest.constData(), consumed), &error);
        }
        if (document.isNull())
            return false;
        collectFromJson(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), out, 0);
        any = true;
        position += consumed;
        while (position < data.size() && QChar::isSpace(static_cast<uchar>(data.at(position))))
            ++position;
    }
    return any;
}

bool isIdColumnName(QString name)
{
    name = name.trimmed().toLower().replace(QLatin1Char(' '), QLatin1Char('_'));
    for (const char* known : {"id", "task_id", "video_id", "taskid", "videoid"}) {
        if (name == QLatin1String(known))
            return true;
    }
    return false;
}

// A table whose header row names the ID column (a spreadsheet export, Reelwatch's own CSV export):
// only that column is read, never the labels, prompts and statuses around it.
bool collectFromTable(const QString& text, QStringList& out)
{
    const QString firstLine = text.left(text.indexOf(QLatin1Char('\n'))).trimmed();
    QChar delimiter = QLatin1Char(',');
    for (const QChar candidate : {QLatin1Char(','), QLatin1Char(';'), QLatin1Char('\t')}) {
        if (firstLine.contains(candidate)) {
            delimiter = candidate;
            break;
        }
    }
    const QStringList header = Csv::read(firstLine, delimiter).value(0);
    qsizetype column = -1;
    for (qsizetype i = 0; i < header.size() && column < 0; ++i) {
        if (isIdColumnName(header.at(i)))
            column = i;
    }
    if (column < 0)
        return false;
    const QList<QStringList> records = Csv::read(text, delimiter);
    if (records.size() < 2)
        return false;
    for (qsizetype row = 1; row < records.size(); ++row) {
        // Reelwatch's CSV export guards cells against formulas with a leading apostrophe.
        const QString value = Csv::unguard(records.at(row).value(column).trimmed());
        if (!value.isEmpty())
            out << value;
    }
    return true;
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
    const auto refuse = [&check](ErrorReason reason) -> TaskIdCheck& {
        check.problem = ApiError::of(ErrorKind::InvalidId, reason);
        return check;
    };
    const auto done = [&check]() -> TaskIdCheck {
        check.reason = check.problem.message();
        return check;
    };
    if (check.id.isEmpty()) {
        refuse(ErrorReason::IdEmpty);
        return done();
    }
    if (check.id.size() > kMaxLength) {
        refuse(ErrorReason::IdTooLong);
        check.problem.amount = check.id.size();
        check.problem.limit = kMaxLength;
        return done();
    }
    for (int i = 0; i < check.id.size(); ++i) {
        const QChar c = check.id.at(i);
        if (!isIdCharacter(c)) {
            refuse(ErrorReason::IdBadCharacter);
            check.problem.subject = QString(c);
            check.problem.amount = i + 1;
            return done();
        }
    }
    if (check.id == QLatin1String(".") || check.id.contains(QLatin1String(".."))) {
        refuse(ErrorReason::IdPathStep);
        return done();
    }
    check.valid = true;
    return check;
}

TaskIdCheck TaskId::validateSegments(const QString& candidate)
{
    const QString trimmed = candidate.trimmed();
    if (!trimmed.contains(QLatin1Char('/')))
        return validate(candidate);
    TaskIdCheck check = validate(QString(trimmed).replace(QLatin1Char('/'), QLatin1Char('-')));
    for (const QString& segment : trimmed.split(QLatin1Char('/'))) {
        if (!check.valid)
            break;
        check = validate(segment);
    }
    check.id = trimmed;
    return check;
}

QStringList TaskId::extract(const QString& text)
{
    QStringList candidates;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return candidates;

    if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('['))) {
        if (!collectFromJsonSequence(trimmed.toUtf8(), candidates))
            candidates.clear();
    }

    if (candidates.isEmpty())
        collectFromTable(trimmed, candidates);

    if (candidates.isEmpty()) {
        static const QRegularExpression separators(QStringLiteral("[\\s,;|]+"));
        static const QRegularExpression prefixedToken(
            QStringLiteral("(?:^|[^A-Za-z0-9._:-])((?:video|task)_[A-Za-z0-9._:-]+)"));
        const QStringList tokens = trimmed.split(separators, Qt::SkipEmptyParts);

        // Prose with recognisable IDs in it ("Task video_abc started"): take only those, not every word.
        // A list (one item per line or between commas, none with a space inside) is never prose, so a
        // list mixing video_… and unprefixed IDs keeps them all.
        bool isProse = false;
        for (const QString& token : tokens) {
            if (token.contains(QLatin1String("://")) || prefixedToken.match(token).hasMatch()) {
                isProse = true;
                break;
            }
        }
        if (isProse) {
            static const QRegularExpression itemSeparators(QStringLiteral("[\\r\\n,;|]+"));
            static const QRegularExpression innerSpace(QStringLiteral("\\s"));
            bool isList = true;
            for (const QString& item : trimmed.split(itemSeparators, Qt::SkipEmptyParts)) {
                if (item.trimmed().contains(innerSpace)) {
                    isList = false;
                    break;
                }
            }
            isProse = !isList;
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
            if (isProse) {
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

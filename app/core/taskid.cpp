#include "taskid.h"

#include "csv.h"

#include <algorithm>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
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

// The fields that name a task for people, best first: what a table column or a JSON object beside the
// ID gives as its label. A prompt comes last: it is the longest, and a label says what the person chose.
constexpr const char* kLabelFields[] = {"label", "title", "name", "prompt"};

// One line, as a label is shown: a prompt's line breaks and runs of spaces become single spaces.
QString asLabel(const QString& text)
{
    return text.simplified();
}

QString labelOfObject(const QJsonObject& object, const QString& id)
{
    // The first of the fields that holds text decides, even when it is empty: an export's empty label
    // stays empty rather than turning the prompt into one.
    for (const char* key : kLabelFields) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isString()) {
            const QString label = asLabel(value.toString());
            return label == id ? QString() : label;
        }
    }
    return QString();
}

void collectFromJson(const QJsonValue& value, QList<TaskIdCandidate>& out, int depth)
{
    if (depth > 32)
        return;
    if (value.isArray()) {
        for (const QJsonValue& element : value.toArray()) {
            if (element.isString())
                out.append({element.toString(), QString()});
            else
                collectFromJson(element, out, depth + 1);
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const char* key : {"id", "task_id", "video_id", "taskId", "videoId"}) {
            const QJsonValue idValue = object.value(QLatin1String(key));
            if (idValue.isString())
                out.append({idValue.toString(), labelOfObject(object, idValue.toString().trimmed())});
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
bool collectFromJsonSequence(const QByteArray& data, QList<TaskIdCandidate>& out)
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

QString columnKey(QString name)
{
    return name.trimmed().toLower().replace(QLatin1Char(' '), QLatin1Char('_'));
}

bool isIdColumnName(const QString& name)
{
    const QString key = columnKey(name);
    for (const char* known : {"id", "task_id", "video_id", "taskid", "videoid"}) {
        if (key == QLatin1String(known))
            return true;
    }
    return false;
}

// A table whose header row names the ID column (a spreadsheet export, Reelwatch's own CSV export):
// only that column is read for IDs, never the prompts and statuses around it; the first label column
// the header names (label, title, name, prompt, in that order) gives each row's ID its label.
bool collectFromTable(const QString& text, QList<TaskIdCandidate>& out)
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
    qsizetype labelColumn = -1;
    for (const char* field : kLabelFields) {
        for (qsizetype i = 0; i < header.size() && labelColumn < 0; ++i) {
            if (columnKey(header.at(i)) == QLatin1String(field))
                labelColumn = i;
        }
    }
    const QList<QStringList> records = Csv::read(text, delimiter);
    if (records.size() < 2)
        return false;
    for (qsizetype row = 1; row < records.size(); ++row) {
        // Reelwatch's CSV export guards cells against formulas with a leading apostrophe.
        const QString value = Csv::unguard(records.at(row).value(column).trimmed());
        if (value.isEmpty())
            continue;
        const QString label = labelColumn < 0 ? QString() : asLabel(records.at(row).value(labelColumn));
        out.append({value, label == value ? QString() : label});
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

// A video_/task_ ID in a word of prose: from its prefix to the end of the word, never cut short at a
// character IDs do not have ("video_abc$def" stays whole and is shown as invalid, not taken for
// "video_abc"). The prefix starts the word or follows a quote, bracket, '=' or '/' ("id":"video_abc",
// a path); behind anything else (a letter IDs do not have, '$') the whole word is the candidate. In an
// assignment, as logs print them, the value is the ID: "task_id=video_abc", and "task_id=176843862716480"
// without a prefix when the key names an ID. Empty when the word names no ID.
QString prefixedIdIn(const QString& word)
{
    static const QRegularExpression prefix(QStringLiteral("(?:^|[^A-Za-z0-9._:-])((?:video|task)_)"));
    static const QString openers = QStringLiteral("\"'`([{</=\\");
    // A sentence may end on the ID: "Check video_abc!"
    const auto finish = [](QString id) {
        while (!id.isEmpty() && (id.back() == QLatin1Char('!') || id.back() == QLatin1Char('?')))
            id.chop(1);
        return stripDecoration(id);
    };
    const qsizetype equals = word.lastIndexOf(QLatin1Char('='));
    if (equals > 0) {
        const QString value = finish(word.mid(equals + 1));
        if (isIdColumnName(stripDecoration(word.left(equals))) && !value.isEmpty())
            return value;
        return value.isEmpty() ? QString() : prefixedIdIn(value);
    }
    const QRegularExpressionMatch match = prefix.match(word);
    if (!match.hasMatch())
        return QString();
    const qsizetype start = match.capturedStart(1);
    if (start == 0 || openers.contains(word.at(start - 1)))
        return finish(word.mid(start));
    return finish(word);
}

bool namesAnId(const QString& word)
{
    return word.contains(QLatin1String("://")) || !prefixedIdIn(word).isEmpty();
}

// Prose: only the words that name an ID (video_…/task_… or a link that ends in one), never the words
// around them.
void collectFromProse(const QStringList& words, QList<TaskIdCandidate>& out)
{
    for (const QString& word : words) {
        const QString token = stripDecoration(word);
        if (token.isEmpty())
            continue;
        const QString id = token.contains(QLatin1String("://")) ? idFromUrl(token) : prefixedIdIn(token);
        if (!id.isEmpty())
            out.append({id, QString()});
    }
}

// One item of a list (a line, or what commas, semicolons or bars separate): an attempted ID as it is,
// so a verdict can say what is wrong with it, rather than a piece of it or nothing.
void collectFromItem(const QString& item, QList<TaskIdCandidate>& out)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QString token = stripDecoration(item.trimmed());
    if (token.isEmpty())
        return;
    if (!token.contains(space)) {
        if (!token.contains(QLatin1String("://")))
            out.append({token, QString()});
        else if (const QString id = idFromUrl(token); !id.isEmpty())
            out.append({id, QString()});
        return;
    }
    const QStringList words = token.split(space, Qt::SkipEmptyParts);
    // A sentence in a list ("Render video_a is done") gives its IDs; IDs separated by spaces are each
    // one; anything else ("hello world!") is one candidate, shown with the space that makes it invalid.
    if (std::any_of(words.begin(), words.end(), [](const QString& word) { return namesAnId(stripDecoration(word)); })) {
        collectFromProse(words, out);
        return;
    }
    if (std::all_of(words.begin(), words.end(),
                    [](const QString& word) { return TaskId::validate(stripDecoration(word)).valid; })) {
        for (const QString& word : words)
            out.append({stripDecoration(word), QString()});
        return;
    }
    out.append({token, QString()});
}

// Text that is neither JSON nor a table. A list (most lines hold items without a space inside) gives
// every item; prose naming recognisable IDs ("Task video_abc started") gives only those.
void collectFromPlainText(const QString& text, QList<TaskIdCandidate>& out)
{
    static const QRegularExpression lineBreaks(QStringLiteral("[\\r\\n]+"));
    static const QRegularExpression itemSeparators(QStringLiteral("[\\r\\n,;|]+"));
    static const QRegularExpression lineItemSeparators(QStringLiteral("[,;|]+"));
    static const QRegularExpression wordSeparators(QStringLiteral("[\\s,;|]+"));
    static const QRegularExpression innerSpace(QStringLiteral("\\s"));

    int lines = 0;
    int listLines = 0;
    for (const QString& line : text.split(lineBreaks, Qt::SkipEmptyParts)) {
        if (line.trimmed().isEmpty())
            continue;
        ++lines;
        const QStringList items = line.split(lineItemSeparators, Qt::SkipEmptyParts);
        if (std::none_of(items.begin(), items.end(),
                         [](const QString& item) { return item.trimmed().contains(innerSpace); }))
            ++listLines;
    }
    const QStringList words = text.split(wordSeparators, Qt::SkipEmptyParts);
    const bool isList = listLines * 2 > lines;
    if (!isList && std::any_of(words.begin(), words.end(), [](const QString& word) {
            return namesAnId(stripDecoration(word));
        })) {
        collectFromProse(words, out);
        return;
    }
    for (const QString& item : text.split(itemSeparators, Qt::SkipEmptyParts))
        collectFromItem(item, out);
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
    QStringList ids;
    for (const TaskIdCandidate& candidate : extractCandidates(text))
        ids << candidate.text;
    return ids;
}

QList<TaskIdCandidate> TaskId::extractCandidates(const QString& text)
{
    QList<TaskIdCandidate> candidates;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return candidates;

    if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('['))) {
        if (!collectFromJsonSequence(trimmed.toUtf8(), candidates))
            candidates.clear();
    }

    if (candidates.isEmpty())
        collectFromTable(trimmed, candidates);

    if (candidates.isEmpty())
        collectFromPlainText(trimmed, candidates);

    // One candidate per ID, where it first appears; a repeat that has a label lends it to the first.
    QList<TaskIdCandidate> unique;
    QHash<QString, qsizetype> positions;
    for (const TaskIdCandidate& candidate : std::as_const(candidates)) {
        const QString id = candidate.text.trimmed();
        if (id.isEmpty())
            continue;
        const auto known = positions.constFind(id);
        if (known == positions.constEnd()) {
            positions.insert(id, unique.size());
            unique.append({id, candidate.label});
        } else if (unique[*known].label.isEmpty()) {
            unique[*known].label = candidate.label;
        }
    }
    return unique;
}

} // namespace Reelwatch

#include "providerfile.h"

#include "core/apiendpoint.h"
#include "core/profilerules.h"

#include <cmath>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace Reelwatch {

namespace {

// The line of every key of a (well-formed) JSON text, by its path ("fields.progress",
// "fields.url[1]"), so an error can point at the line to fix.
class KeyLines
{
public:
    explicit KeyLines(const QByteArray& text)
        : m_text(text)
    {
        skipSpace();
        value(QString());
    }

    int lineOf(const QString& path) const
    {
        // A path that names no key (a whole document, an element): its nearest named parent.
        QString candidate = path;
        while (!candidate.isEmpty()) {
            const auto it = m_lines.constFind(candidate);
            if (it != m_lines.constEnd())
                return *it;
            const qsizetype cut
                = std::max(candidate.lastIndexOf(QLatin1Char('.')), candidate.lastIndexOf(QLatin1Char('[')));
            candidate = cut > 0 ? candidate.left(cut) : QString();
        }
        return 1;
    }

private:
    bool atEnd() const { return m_at >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_at); }
    void advance()
    {
        if (peek() == '\n')
            ++m_line;
        ++m_at;
    }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            advance();
    }
    QString string()
    {
        const qsizetype start = m_at;
        advance(); // the opening quote
        while (!atEnd() && peek() != '"') {
            if (peek() == '\\')
                advance();
            advance();
        }
        advance();
        const QJsonDocument one = QJsonDocument::fromJson("[" + m_text.mid(start, m_at - start) + "]");
        return one.array().at(0).toString();
    }
    void value(const QString& path)
    {
        skipSpace();
        if (peek() == '{') {
            advance();
            for (skipSpace(); !atEnd() && peek() != '}'; skipSpace()) {
                if (peek() == ',') {
                    advance();
                    continue;
                }
                const int line = m_line;
                const QString key = string();
                const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
                if (!m_lines.contains(child))
                    m_lines.insert(child, line);
                skipSpace();
                advance(); // ':'
                value(child);
            }
            advance();
        } else if (peek() == '[') {
            advance();
            int index = 0;
            for (skipSpace(); !atEnd() && peek() != ']'; skipSpace()) {
                if (peek() == ',') {
                    advance();
                    continue;
                }
                const QString child = QStringLiteral("%1[%2]").arg(path).arg(index++);
                m_lines.insert(child, m_line);
                value(child);
            }
            advance();
        } else if (peek() == '"') {
            string();
        } else {
            while (!atEnd() && peek() != ',' && peek() != '}' && peek() != ']' && peek() != ' ' && peek() != '\n'
                   && peek() != '\r' && peek() != '\t')
                advance();
        }
    }

    const QByteArray& m_text;
    qsizetype m_at = 0;
    int m_line = 1;
    QHash<QString, int> m_lines;
};

bool isHeaderName(const QString& name)
{
    // RFC 9110 token characters.
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return token.match(name).hasMatch();
}

bool isHeaderValueText(const QString& value)
{
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

// Reads one description, remembering the first problem with the key it is about.
class Reader
{
public:
    Reader(const QByteArray& text, const QString& fileName)
        : m_text(text)
        , m_fileName(fileName)
    { }

    ProviderFileResult read();

private:
    void fail(const QString& path, const QString& problem)
    {
        if (!m_error.isEmpty())
            return;
        const KeyLines lines(m_text);
        m_error = path.isEmpty()
            ? ProviderFile::tr("%1, line %2: %3").arg(m_fileName).arg(lines.lineOf(path)).arg(problem)
            : ProviderFile::tr("%1, line %2, %3: %4").arg(m_fileName).arg(lines.lineOf(path)).arg(path, problem);
    }
    bool failed() const { return !m_error.isEmpty(); }

    static QString join(const QString& path, const QString& key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    // Only the named keys may be present.
    void onlyKeys(const QJsonObject& object, const QString& path, const QStringList& known)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                fail(join(path, it.key()),
                     ProviderFile::tr("unknown key (known here: %1)").arg(known.join(QStringLiteral(", "))));
        }
    }

    QJsonObject object(const QJsonObject& parent, const QString& key, const QString& path, bool required)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(path, ProviderFile::tr("\"%1\" is missing").arg(key));
            return QJsonObject();
        }
        if (!value.isObject())
            fail(join(path, key), ProviderFile::tr("must be an object"));
        return value.toObject();
    }

    QString string(const QJsonObject& parent, const QString& key, const QString& path, bool required)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined()) {
            if (required)
                fail(path, ProviderFile::tr("\"%1\" is missing").arg(key));
            return QString();
        }
        if (!value.isString() || value.toString().trimmed().isEmpty()) {
            fail(join(path, key), ProviderFile::tr("must be a non-empty string"));
            return QString();
        }
        return value.toString();
    }

    bool boolean(const QJsonObject& parent, const QString& key, const QString& path)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return false;
        if (!value.isBool())
            fail(join(path, key), ProviderFile::tr("must be true or false"));
        return value.toBool();
    }

    std::optional<double> number(const QJsonObject& parent, const QString& key, const QString& path, double low,
                                 double high)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return std::nullopt;
        if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < low
            || value.toDouble() > high) {
            fail(join(path, key), ProviderFile::tr("must be a number from %1 to %2").arg(low).arg(high));
            return std::nullopt;
        }
        return value.toDouble();
    }

    std::optional<JsonPointer> pointer(const QJsonValue& value, const QString& path)
    {
        if (!value.isString()) {
            fail(path, ProviderFile::tr("must be a JSON Pointer such as \"/data/status\""));
            return std::nullopt;
        }
        QString problem;
        std::optional<JsonPointer> parsed = JsonPointer::parse(value.toString(), &problem);
        if (!parsed || parsed->isRoot()) {
            fail(path,
                 ProviderFile::tr("\"%1\" is not a JSON Pointer (RFC 6901) into the answer: it must start with '/', as "
                                  "in \"/data/status\"")
                     .arg(value.toString()));
            return std::nullopt;
        }
        return parsed;
    }

    // A field: one JSON Pointer, or a list of them tried in order.
    FieldPaths paths(const QJsonObject& parent, const QString& key, const QString& path)
    {
        FieldPaths found;
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return found;
        const QString here = join(path, key);
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            if (array.isEmpty())
                fail(here, ProviderFile::tr("must list at least one JSON Pointer"));
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (const auto parsed = pointer(array.at(i), QStringLiteral("%1[%2]").arg(here).arg(i)))
                    found.pointers << *parsed;
            }
        } else if (const auto parsed = pointer(value, here)) {
            found.pointers << *parsed;
        }
        return found;
    }

    // Query items: name → value, values may hold the placeholders in `placeholders`.
    QList<QPair<QString, QString>> query(const QJsonObject& parent, const QString& path,
                                         const QStringList& placeholders)
    {
        QList<QPair<QString, QString>> items;
        const QJsonObject object = this->object(parent, QStringLiteral("query"), path, false);
        const QString here = join(path, QStringLiteral("query"));
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it.value().isString()) {
                fail(join(here, it.key()), ProviderFile::tr("must be a string"));
                continue;
            }
            checkPlaceholders(it.value().toString(), join(here, it.key()), placeholders);
            items.append({it.key(), it.value().toString()});
        }
        return items;
    }

    void checkPlaceholders(const QString& text, const QString& path, const QStringList& allowed)
    {
        static const QRegularExpression placeholder(QStringLiteral("\\{([^}]*)\\}"));
        for (auto match = placeholder.globalMatch(text); match.hasNext();) {
            const QString name = match.next().captured(0);
            if (!allowed.contains(name)) {
                fail(path,
                     allowed.isEmpty() ? ProviderFile::tr("%1 is not a placeholder here").arg(name)
                                       : ProviderFile::tr("%1 is not a placeholder here (known: %2)")
                                             .arg(name, allowed.join(QStringLiteral(", "))));
            }
        }
    }

    QString routePath(const QJsonObject& route, const QString& path, const QStringList& placeholders)
    {
        const QString text = string(route, QStringLiteral("path"), path, true);
        const QString here = join(path, QStringLiteral("path"));
        if (text.isEmpty())
            return text;
        if (!text.startsWith(QLatin1Char('/')) || text.contains(QLatin1Char('?')) || text.contains(QLatin1Char('#'))
            || text.contains(QLatin1String("//")))
            fail(here,
                 ProviderFile::tr("\"%1\" must be a path such as \"/v1/tasks/{id}\" (no '?', '#' or '//')").arg(text));
        for (const QString& step : text.split(QLatin1Char('/'))) {
            if (step == QLatin1String(".") || step == QLatin1String(".."))
                fail(here, ProviderFile::tr("\"%1\" must not contain '.' or '..' steps").arg(text));
        }
        checkPlaceholders(text, here, placeholders);
        return text;
    }

    void readStatusRoute(const QJsonObject& root, ProviderDescription& d);
    void readAuth(const QJsonObject& root, ProviderDescription& d);
    void readIds(const QJsonObject& root, ProviderDescription& d);
    void readFields(const QJsonObject& root, ProviderDescription& d);
    void readStatuses(const QJsonObject& root, ProviderDescription& d);
    void readErrors(const QJsonObject& root, ProviderDescription& d);
    void readList(const QJsonObject& root, ProviderDescription& d);

    const QByteArray& m_text;
    QString m_fileName;
    QString m_error;
};

ProviderFileResult Reader::read()
{
    ProviderFileResult result;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(m_text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = m_text.left(parseError.offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(parseError.offset - (before.lastIndexOf('\n') + 1)) + 1;
        result.error = ProviderFile::tr("%1, line %2, column %3: not valid JSON (%4)")
                           .arg(m_fileName)
                           .arg(line)
                           .arg(column)
                           .arg(parseError.errorString());
        return result;
    }
    if (!document.isObject()) {
        result.error = ProviderFile::tr("%1: a provider file is one JSON object").arg(m_fileName);
        return result;
    }
    const QJsonObject root = document.object();
    onlyKeys(root, QString(),
             {QStringLiteral("id"),
              QStringLiteral("name"),
              QStringLiteral("base_url"),
              QStringLiteral("key_hint"),
              QStringLiteral("status"),
              QStringLiteral("auth"),
              QStringLiteral("headers"),
              QStringLiteral("id_pattern"),
              QStringLiteral("id_hint"),
              QStringLiteral("id_example"),
              QStringLiteral("id_slashes"),
              QStringLiteral("fields"),
              QStringLiteral("progress_scale"),
              QStringLiteral("progress_log"),
              QStringLiteral("statuses"),
              QStringLiteral("status_when_missing"),
              QStringLiteral("status_messages"),
              QStringLiteral("error_means_failure"),
              QStringLiteral("link_lifetime_hours"),
              QStringLiteral("time_zone"),
              QStringLiteral("details"),
              QStringLiteral("envelope"),
              QStringLiteral("error_answer"),
              QStringLiteral("error_codes"),
              QStringLiteral("list"),
              QStringLiteral("$comment")});

    ProviderDescription d;
    d.id = string(root, QStringLiteral("id"), QString(), true);
    if (!d.id.isEmpty() && !ProviderFile::isValidId(d.id))
        fail(QStringLiteral("id"),
             ProviderFile::tr("\"%1\" is not a provider id: use 1–40 lower-case letters, digits, '-' or "
                              "'_', starting with a letter or digit")
                 .arg(d.id));
    d.name = string(root, QStringLiteral("name"), QString(), true).trimmed();
    if (d.name.size() > 80)
        fail(QStringLiteral("name"), ProviderFile::tr("must be at most 80 characters"));
    const QString baseUrl = string(root, QStringLiteral("base_url"), QString(), false);
    if (!baseUrl.isEmpty()) {
        const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(baseUrl);
        if (!check.ok)
            fail(QStringLiteral("base_url"), check.error);
        d.publicBaseUrl = check.url;
    }
    d.keyHint = string(root, QStringLiteral("key_hint"), QString(), false);
    readStatusRoute(root, d);
    readAuth(root, d);
    readIds(root, d);
    readFields(root, d);
    readStatuses(root, d);
    readErrors(root, d);
    readList(root, d);

    const std::optional<double> hours = number(root, QStringLiteral("link_lifetime_hours"), QString(), 0.01, 8760);
    if (hours)
        d.linkLifetimeSeconds = qint64(std::llround(*hours * 3600));
    const QString zone = string(root, QStringLiteral("time_zone"), QString(), false);
    if (!zone.isEmpty()) {
        static const QRegularExpression offset(QStringLiteral("^([+-])(\\d{2}):(\\d{2})$"));
        const QRegularExpressionMatch match = offset.match(zone);
        if (!match.hasMatch() || match.captured(2).toInt() > 14 || match.captured(3).toInt() > 59)
            fail(QStringLiteral("time_zone"),
                 ProviderFile::tr("\"%1\" must be an offset such as \"+08:00\"").arg(zone));
        else
            d.zonelessTimeOffsetSeconds = (match.captured(1) == QLatin1String("-") ? -1 : 1)
                * (match.captured(2).toInt() * 3600 + match.captured(3).toInt() * 60);
    }
    const QJsonValue details = root.value(QStringLiteral("details"));
    if (!details.isUndefined()) {
        if (!details.isArray())
            fail(QStringLiteral("details"), ProviderFile::tr("must be a list of JSON Pointers"));
        const QJsonArray array = details.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (const auto parsed = pointer(array.at(i), QStringLiteral("details[%1]").arg(i)))
                d.details << *parsed;
        }
    }

    if (failed()) {
        result.error = m_error;
        return result;
    }
    result.description = std::move(d);
    return result;
}

void Reader::readStatusRoute(const QJsonObject& root, ProviderDescription& d)
{
    const QJsonObject status = object(root, QStringLiteral("status"), QString(), true);
    onlyKeys(status, QStringLiteral("status"), {QStringLiteral("path"), QStringLiteral("query")});
    const QStringList placeholders = {QStringLiteral("{id}")};
    d.statusPath = routePath(status, QStringLiteral("status"), placeholders);
    d.statusQuery = query(status, QStringLiteral("status"), placeholders);
    bool namesId = d.statusPath.contains(QLatin1String("{id}"));
    for (const auto& item : d.statusQuery)
        namesId = namesId || item.second.contains(QLatin1String("{id}"));
    if (!namesId && !d.statusPath.isEmpty())
        fail(QStringLiteral("status.path"),
             ProviderFile::tr("the route must name the task with {id}, in the path or the query"));
}

void Reader::readAuth(const QJsonObject& root, ProviderDescription& d)
{
    const QJsonObject auth = object(root, QStringLiteral("auth"), QString(), true);
    onlyKeys(auth, QStringLiteral("auth"), {QStringLiteral("header"), QStringLiteral("value")});
    const QString header = string(auth, QStringLiteral("header"), QStringLiteral("auth"), true);
    if (!header.isEmpty() && !isHeaderName(header))
        fail(QStringLiteral("auth.header"), ProviderFile::tr("\"%1\" is not a header name").arg(header));
    const QString value = string(auth, QStringLiteral("value"), QStringLiteral("auth"), true);
    if (!value.isEmpty()) {
        const qsizetype at = value.indexOf(QLatin1String("{secret}"));
        if (at < 0 || value.indexOf(QLatin1String("{secret}"), at + 1) >= 0)
            fail(QStringLiteral("auth.value"),
                 ProviderFile::tr("must contain {secret} exactly once, as in \"Bearer {secret}\""));
        else if (!isHeaderValueText(value))
            fail(QStringLiteral("auth.value"), ProviderFile::tr("must be printable ASCII"));
        checkPlaceholders(value, QStringLiteral("auth.value"), {QStringLiteral("{secret}")});
        d.authPrefix = value.left(at).toLatin1();
        d.authSuffix = value.mid(at + 8).toLatin1();
    }
    d.authHeader = header.toLatin1();

    const QJsonObject headers = object(root, QStringLiteral("headers"), QString(), false);
    static const QStringList reserved
        = {QStringLiteral("host"),   QStringLiteral("content-length"), QStringLiteral("cookie"),
           QStringLiteral("accept"), QStringLiteral("user-agent"),     QStringLiteral("range")};
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString here = join(QStringLiteral("headers"), it.key());
        if (!isHeaderName(it.key()))
            fail(here, ProviderFile::tr("\"%1\" is not a header name").arg(it.key()));
        else if (reserved.contains(it.key().toLower()) || it.key().compare(header, Qt::CaseInsensitive) == 0)
            fail(here, ProviderFile::tr("Reelwatch sets this header itself"));
        if (!it.value().isString() || it.value().toString().isEmpty() || !isHeaderValueText(it.value().toString())) {
            fail(here, ProviderFile::tr("must be a non-empty string of printable ASCII"));
            continue;
        }
        const QString value = it.value().toString();
        if (value.contains(QLatin1String("{secret}")))
            fail(here, ProviderFile::tr("the secret goes only in \"auth\""));
        else if (value.contains(QLatin1Char('{')) && value != QLatin1String("{uuid}"))
            fail(here, ProviderFile::tr("a value is either literal text or \"{uuid}\" (a new one for every request)"));
        d.headers.append({it.key().toLatin1(), value.toLatin1()});
    }
}

void Reader::readIds(const QJsonObject& root, ProviderDescription& d)
{
    const QString pattern = string(root, QStringLiteral("id_pattern"), QString(), false);
    if (!pattern.isEmpty()) {
        QRegularExpression expression(QStringLiteral("^(?:%1)$").arg(pattern));
        if (!expression.isValid())
            fail(QStringLiteral("id_pattern"),
                 ProviderFile::tr("not a regular expression: %1").arg(expression.errorString()));
        else
            d.idPattern = expression;
    }
    d.idHint = string(root, QStringLiteral("id_hint"), QString(), false);
    d.idExample = string(root, QStringLiteral("id_example"), QString(), false);
    if (d.idPattern && !d.idExample.isEmpty() && !d.idPattern->match(d.idExample).hasMatch())
        fail(QStringLiteral("id_example"), ProviderFile::tr("does not match \"id_pattern\""));
    if (d.idPattern && d.idExample.isEmpty())
        fail(QStringLiteral("id_pattern"),
             ProviderFile::tr("needs an \"id_example\" of that grammar (Test connection asks about it)"));
    d.idSlashes = boolean(root, QStringLiteral("id_slashes"), QString());
    if (d.idSlashes && !d.idPattern)
        fail(QStringLiteral("id_slashes"),
             ProviderFile::tr("IDs with '/' need an \"id_pattern\" that says where it may stand"));
}

void Reader::readFields(const QJsonObject& root, ProviderDescription& d)
{
    const QJsonObject fields = object(root, QStringLiteral("fields"), QString(), true);
    const QString path = QStringLiteral("fields");
    onlyKeys(fields, path,
             {QStringLiteral("id"), QStringLiteral("status"), QStringLiteral("progress"), QStringLiteral("url"),
              QStringLiteral("thumbnail"), QStringLiteral("error"), QStringLiteral("error_code"),
              QStringLiteral("created_at"), QStringLiteral("completed_at"), QStringLiteral("expires_at"),
              QStringLiteral("model"), QStringLiteral("prompt"), QStringLiteral("size"), QStringLiteral("seconds"),
              QStringLiteral("queue_position")});
    ProviderDescription::Fields& f = d.fields;
    f.id = paths(fields, QStringLiteral("id"), path);
    f.status = paths(fields, QStringLiteral("status"), path);
    if (f.status.isEmpty() && !fields.isEmpty())
        fail(path, ProviderFile::tr("\"status\" is missing: where does the answer say how the task is doing?"));
    f.progress = paths(fields, QStringLiteral("progress"), path);
    f.url = paths(fields, QStringLiteral("url"), path);
    f.thumbnail = paths(fields, QStringLiteral("thumbnail"), path);
    f.error = paths(fields, QStringLiteral("error"), path);
    f.errorCode = paths(fields, QStringLiteral("error_code"), path);
    f.createdAt = paths(fields, QStringLiteral("created_at"), path);
    f.completedAt = paths(fields, QStringLiteral("completed_at"), path);
    f.expiresAt = paths(fields, QStringLiteral("expires_at"), path);
    f.model = paths(fields, QStringLiteral("model"), path);
    f.prompt = paths(fields, QStringLiteral("prompt"), path);
    f.size = paths(fields, QStringLiteral("size"), path);
    f.seconds = paths(fields, QStringLiteral("seconds"), path);
    f.queuePosition = paths(fields, QStringLiteral("queue_position"), path);
    if (const auto scale = number(root, QStringLiteral("progress_scale"), QString(), 1, 10000))
        d.progressScale = *scale;
    d.progressLog = paths(root, QStringLiteral("progress_log"), QString());
}

void Reader::readStatuses(const QJsonObject& root, ProviderDescription& d)
{
    const QJsonObject statuses = object(root, QStringLiteral("statuses"), QString(), false);
    for (auto it = statuses.begin(); it != statuses.end(); ++it) {
        bool known = false;
        const TaskStatus status = statusFromWireName(it.value().toString(), &known);
        if (!it.value().isString() || !known) {
            fail(join(QStringLiteral("statuses"), it.key()),
                 ProviderFile::tr(
                     "must be one of NOT_START, SUBMITTED, QUEUED, IN_PROGRESS, SUCCESS, FAILURE, UNKNOWN"));
            continue;
        }
        d.statuses.insert(it.key(), status);
    }
    d.statusWhenMissing = string(root, QStringLiteral("status_when_missing"), QString(), false);
    const QJsonObject messages = object(root, QStringLiteral("status_messages"), QString(), false);
    for (auto it = messages.begin(); it != messages.end(); ++it) {
        if (!it.value().isString() || it.value().toString().trimmed().isEmpty()) {
            fail(join(QStringLiteral("status_messages"), it.key()), ProviderFile::tr("must be a non-empty string"));
            continue;
        }
        d.statusMessages.insert(it.key(), it.value().toString().trimmed());
    }
    d.errorMeansFailure = boolean(root, QStringLiteral("error_means_failure"), QString());
}

void Reader::readErrors(const QJsonObject& root, ProviderDescription& d)
{
    const QJsonObject envelope = object(root, QStringLiteral("envelope"), QString(), false);
    if (!envelope.isEmpty() || root.contains(QStringLiteral("envelope"))) {
        const QString path = QStringLiteral("envelope");
        onlyKeys(envelope, path, {QStringLiteral("code"), QStringLiteral("ok"), QStringLiteral("message")});
        d.envelopeCode = paths(envelope, QStringLiteral("code"), path);
        if (d.envelopeCode.isEmpty())
            fail(path, ProviderFile::tr("\"code\" is missing"));
        d.envelopeMessage = paths(envelope, QStringLiteral("message"), path);
        const QJsonValue ok = envelope.value(QStringLiteral("ok"));
        if (!ok.isArray() || ok.toArray().isEmpty()) {
            fail(join(path, QStringLiteral("ok")),
                 ProviderFile::tr("must list the codes that mean success, as in [0]"));
        } else {
            for (const QJsonValue& code : ok.toArray()) {
                if (code.isString())
                    d.envelopeOk << code.toString();
                else if (code.isDouble())
                    d.envelopeOk << QString::number(code.toDouble(), 'g', QLocale::FloatingPointShortest);
                else
                    fail(join(path, QStringLiteral("ok")), ProviderFile::tr("codes are strings or numbers"));
            }
        }
    }
    const QJsonObject answer = object(root, QStringLiteral("error_answer"), QString(), false);
    onlyKeys(answer, QStringLiteral("error_answer"), {QStringLiteral("code"), QStringLiteral("message")});
    d.errorAnswerCode = paths(answer, QStringLiteral("code"), QStringLiteral("error_answer"));
    d.errorAnswerMessage = paths(answer, QStringLiteral("message"), QStringLiteral("error_answer"));

    const QJsonObject codes = object(root, QStringLiteral("error_codes"), QString(), false);
    static const QList<ErrorKind> allowed = {ErrorKind::Unauthorized, ErrorKind::NotFound, ErrorKind::RateLimited,
                                             ErrorKind::ServerError, ErrorKind::InvalidResponse};
    for (auto it = codes.begin(); it != codes.end(); ++it) {
        if (it.value().toString() == QLatin1String("task_failed")) {
            d.failureCodes << it.key();
            continue;
        }
        const ErrorKind kind = errorKindFromName(it.value().toString());
        if (!it.value().isString() || !allowed.contains(kind)) {
            fail(join(QStringLiteral("error_codes"), it.key()),
                 ProviderFile::tr(
                     "must be one of unauthorized, not_found, rate_limited, server_error, invalid_response, "
                     "task_failed"));
            continue;
        }
        d.errorCodes.insert(it.key(), kind);
    }
}

void Reader::readList(const QJsonObject& root, ProviderDescription& d)
{
    if (!root.contains(QStringLiteral("list")))
        return;
    const QString path = QStringLiteral("list");
    const QJsonObject list = object(root, path, QString(), false);
    onlyKeys(list, path,
             {QStringLiteral("path"), QStringLiteral("query"), QStringLiteral("items"), QStringLiteral("item_prefix"),
              QStringLiteral("paging"), QStringLiteral("next"), QStringLiteral("has_more"),
              QStringLiteral("cursor_parameter"), QStringLiteral("first_page")});
    ProviderDescription::List l;
    const QStringList placeholders = {QStringLiteral("{limit}"), QStringLiteral("{cursor}")};
    l.path = routePath(list, path, {});
    l.query = query(list, path, placeholders);
    const FieldPaths items = paths(list, QStringLiteral("items"), path);
    if (items.pointers.size() != 1)
        fail(path, ProviderFile::tr("\"items\" must be one JSON Pointer to the array of tasks"));
    else
        l.items = items.pointers.first();
    const QJsonValue prefix = list.value(QStringLiteral("item_prefix"));
    if (!prefix.isUndefined()) {
        if (prefix.toString().isEmpty() && prefix.isString())
            l.itemPrefix = JsonPointer();
        else if (const auto parsed = pointer(prefix, join(path, QStringLiteral("item_prefix"))))
            l.itemPrefix = *parsed;
    }
    const QString paging = string(list, QStringLiteral("paging"), path, true);
    using Paging = ProviderDescription::List::Paging;
    static const QHash<QString, Paging> pagings = {{QStringLiteral("offset"), Paging::Offset},
                                                   {QStringLiteral("page"), Paging::Page},
                                                   {QStringLiteral("next_url"), Paging::NextUrl},
                                                   {QStringLiteral("token"), Paging::Token}};
    if (!paging.isEmpty() && !pagings.contains(paging))
        fail(join(path, QStringLiteral("paging")), ProviderFile::tr("must be offset, page, next_url or token"));
    l.paging = pagings.value(paging, Paging::Offset);
    l.next = paths(list, QStringLiteral("next"), path);
    l.hasMore = paths(list, QStringLiteral("has_more"), path);
    l.cursorParameter = string(list, QStringLiteral("cursor_parameter"), path, false);
    if (const auto first = number(list, QStringLiteral("first_page"), path, 0, 1))
        l.firstPage = int(*first);
    if ((l.paging == Paging::NextUrl || l.paging == Paging::Token) && l.next.isEmpty())
        fail(path, ProviderFile::tr("paging by %1 needs \"next\": where the answer names the next page").arg(paging));
    if (l.paging == Paging::NextUrl && l.cursorParameter.isEmpty())
        fail(path,
             ProviderFile::tr("paging by next_url needs \"cursor_parameter\": the query item of the next link that "
                              "carries the cursor"));
    bool usesCursor = false;
    for (const auto& item : l.query)
        usesCursor = usesCursor || item.second.contains(QLatin1String("{cursor}"));
    if (!usesCursor && !failed())
        fail(join(path, QStringLiteral("query")),
             ProviderFile::tr("one query item must carry {cursor}, the page to fetch"));
    d.list = l;
}

} // namespace

bool ProviderFile::isValidId(const QString& id)
{
    return ProfileRules::isProviderId(id);
}

ProviderFileResult ProviderFile::parse(const QByteArray& text, const QString& fileName)
{
    if (text.size() > kMaxFileBytes) {
        ProviderFileResult result;
        result.error = tr("%1: a provider file is at most %2 KiB").arg(fileName).arg(kMaxFileBytes / 1024);
        return result;
    }
    return Reader(text, fileName).read();
}

ProviderFileResult ProviderFile::read(const QString& path)
{
    ProviderFileResult result;
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = tr("%1: cannot read it: %2").arg(path, file.errorString());
        return result;
    }
    const QByteArray text = file.read(kMaxFileBytes + 1);
    return parse(text, name);
}

} // namespace Reelwatch

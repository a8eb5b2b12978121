#include "describedprovider.h"

#include "core/apiendpoint.h"
#include "core/responseinterpreter.h"

#include <cmath>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QUuid>

namespace Reelwatch {

QJsonValue FieldPaths::firstIn(const QJsonValue& root) const
{
    for (const JsonPointer& pointer : pointers) {
        const QJsonValue value = pointer.resolve(root);
        if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().trimmed().isEmpty()))
            continue;
        return value;
    }
    return QJsonValue(QJsonValue::Undefined);
}

FieldPaths FieldPaths::inside(const JsonPointer& prefix) const
{
    FieldPaths inner;
    for (const JsonPointer& pointer : pointers) {
        if (const std::optional<JsonPointer> relative = pointer.inside(prefix); relative && !relative->isRoot())
            inner.pointers << *relative;
    }
    return inner;
}

namespace {

QString fold(const QString& word)
{
    return word.trimmed().toLower();
}

} // namespace

DescribedProvider::DescribedProvider(ProviderDescription description)
    : m_description(std::move(description))
{
    for (auto it = m_description.statuses.constBegin(); it != m_description.statuses.constEnd(); ++it)
        m_foldedStatuses.insert(fold(it.key()), it.value());
    if (m_description.list) {
        const JsonPointer& prefix = m_description.list->itemPrefix;
        const ProviderDescription::Fields& f = m_description.fields;
        ProviderDescription::Fields& i = m_itemFields;
        for (auto [from, to] : {std::pair{&f.id, &i.id},
                                {&f.status, &i.status},
                                {&f.progress, &i.progress},
                                {&f.url, &i.url},
                                {&f.thumbnail, &i.thumbnail},
                                {&f.error, &i.error},
                                {&f.errorCode, &i.errorCode},
                                {&f.createdAt, &i.createdAt},
                                {&f.completedAt, &i.completedAt},
                                {&f.expiresAt, &i.expiresAt},
                                {&f.model, &i.model},
                                {&f.prompt, &i.prompt},
                                {&f.size, &i.size},
                                {&f.seconds, &i.seconds},
                                {&f.queuePosition, &i.queuePosition}})
            *to = from->inside(prefix);
    }
}

ProviderCapabilities DescribedProvider::capabilities() const
{
    ProviderCapabilities capabilities;
    capabilities.listRoute = m_description.list.has_value();
    capabilities.realProgress = !m_description.fields.progress.isEmpty() || !m_description.progressLog.isEmpty();
    capabilities.thumbnail = !m_description.fields.thumbnail.isEmpty();
    capabilities.linkLifetimeSeconds = m_description.linkLifetimeSeconds;
    return capabilities;
}

QString DescribedProvider::credentialHint() const
{
    return m_description.keyHint.isEmpty() ? Provider::credentialHint() : m_description.keyHint;
}

QString DescribedProvider::exampleTaskId() const
{
    return m_description.idExample.isEmpty() ? Provider::exampleTaskId() : m_description.idExample;
}

TaskIdCheck DescribedProvider::checkId(const QString& candidate) const
{
    TaskIdCheck check;
    if (m_description.idSlashes) {
        // Every step must itself be a harmless segment: no '.' or '..', no empty step, nothing to escape.
        const QString trimmed = candidate.trimmed();
        check = TaskId::validate(QString(trimmed).replace(QLatin1Char('/'), QLatin1Char('-')));
        for (const QString& step : trimmed.split(QLatin1Char('/'))) {
            if (!check.valid)
                break;
            check = TaskId::validate(step);
        }
        check.id = trimmed;
    } else {
        check = TaskId::validate(candidate);
    }
    if (check.valid && m_description.idPattern && !m_description.idPattern->match(check.id).hasMatch()) {
        check.valid = false;
        check.problem = ApiError::of(ErrorKind::InvalidId, ErrorReason::IdNotForProvider);
        check.problem.subject = m_description.name;
        check.problem.detail = m_description.idHint.isEmpty()
            ? QCoreApplication::translate("Reelwatch::DescribedProvider", "its IDs match %1")
                  .arg(m_description.idPattern->pattern())
            : m_description.idHint;
        check.reason = check.problem.message();
    }
    return check;
}

QList<ProviderHeader> DescribedProvider::requestHeaders(const QByteArray& secret) const
{
    QList<ProviderHeader> headers;
    ProviderHeader credential;
    credential.name = m_description.authHeader;
    credential.carriesSecret = true;
    credential.secretPrefix = m_description.authPrefix;
    credential.secretSuffix = m_description.authSuffix;
    credential.value = m_description.authPrefix + secret + m_description.authSuffix;
    headers << credential;
    for (const auto& [name, value] : m_description.headers) {
        ProviderHeader header;
        header.name = name;
        if (value == "{uuid}") {
            header.freshPerRequest = true;
            header.value = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        } else {
            header.value = value;
        }
        headers << header;
    }
    return headers;
}

QString DescribedProvider::encodedId(const QString& taskId) const
{
    if (!m_description.idSlashes)
        return QString::fromLatin1(QUrl::toPercentEncoding(taskId));
    QStringList steps;
    for (const QString& step : taskId.split(QLatin1Char('/')))
        steps << QString::fromLatin1(QUrl::toPercentEncoding(step));
    return steps.join(QLatin1Char('/'));
}

QUrl DescribedProvider::routeUrl(const ApiEndpoint& endpoint, const QString& pathTemplate,
                                 const QList<QPair<QString, QString>>& query, const QString& taskId) const
{
    // Drop the route's leading steps that the base path already ends with.
    const QStringList base = endpoint.baseUrl().path(QUrl::FullyEncoded).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList route = pathTemplate.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (qsizetype overlap = std::min(base.size(), route.size()); overlap > 0; --overlap) {
        bool same = true;
        for (qsizetype i = 0; i < overlap && same; ++i) {
            const QString& step = route.at(i);
            same = !step.contains(QLatin1Char('{')) && base.at(base.size() - overlap + i) == step;
        }
        if (same) {
            route = route.mid(overlap);
            break;
        }
    }
    QString path = route.isEmpty() ? QString() : QLatin1Char('/') + route.join(QLatin1Char('/'));
    path.replace(QLatin1String("{id}"), encodedId(taskId));
    QUrl url = urlFor(endpoint, path);
    if (!query.isEmpty()) {
        QUrlQuery items;
        for (const auto& [name, value] : query) {
            QString filled = value;
            filled.replace(QLatin1String("{id}"), taskId);
            items.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(name)),
                               QString::fromLatin1(QUrl::toPercentEncoding(filled)));
        }
        url.setQuery(items.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }
    return url;
}

ProviderRequest DescribedProvider::statusRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                                 const QByteArray& secret) const
{
    ProviderRequest request;
    request.url = routeUrl(endpoint, m_description.statusPath, m_description.statusQuery, taskId);
    request.headers = requestHeaders(secret);
    return request;
}

ProviderReading DescribedProvider::readStatus(const ApiEndpoint&, const QString& taskId, const HttpAnswer& answer,
                                              const QByteArray&, const QByteArray&, const QDateTime& now) const
{
    ProviderReading reading;
    reading.result = readAnswer(taskId, answer, now);
    return reading;
}

QString DescribedProvider::textOf(const QJsonValue& value)
{
    if (value.isString())
        return value.toString().trimmed();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15)
            return QString::number(static_cast<qint64>(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    return QString();
}

QString DescribedProvider::linkAt(const FieldPaths& paths, const QJsonValue& root)
{
    for (const JsonPointer& pointer : paths.pointers) {
        QJsonValue value = pointer.resolve(root);
        if (value.isArray())
            value = value.toArray().at(0); // Replicate: one link or a list of them
        const QString text = value.toString().trimmed();
        if (isWebLink(text))
            return text;
    }
    return QString();
}

TaskStatus DescribedProvider::canonicalStatus(const QString& word) const
{
    if (m_description.statuses.isEmpty())
        return normaliseStatus(word);
    const auto exact = m_description.statuses.constFind(word);
    if (exact != m_description.statuses.constEnd())
        return *exact;
    return m_foldedStatuses.value(fold(word), TaskStatus::Unknown);
}

std::optional<int> DescribedProvider::progressOf(const QJsonValue& value) const
{
    double number = 0;
    double scale = m_description.progressScale;
    if (value.isDouble()) {
        number = value.toDouble();
    } else if (value.isString()) {
        QString text = value.toString().trimmed();
        if (text.endsWith(QLatin1Char('%'))) {
            text.chop(1);
            scale = 100; // "50%" says its own scale
        }
        bool ok = false;
        number = text.trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(number))
        return std::nullopt;
    if (scale == 1 && number > 1)
        scale = 100; // a fraction that reads above 1 is a percentage after all
    return static_cast<int>(std::clamp(std::round(number * 100 / scale), 0.0, 100.0));
}

std::optional<qint64> DescribedProvider::timeOf(const QJsonValue& value) const
{
    if (value.isString() && m_description.zonelessTimeOffsetSeconds) {
        const QString text = value.toString().trimmed();
        static const QRegularExpression hasZone(QStringLiteral("(Z|[+-]\\d{2}:?\\d{2})$"),
                                                QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression looksLikeDate(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}[ T]"));
        if (looksLikeDate.match(text).hasMatch() && !hasZone.match(text).hasMatch()) {
            const int offset = *m_description.zonelessTimeOffsetSeconds;
            const QString zone = QStringLiteral("%1%2:%3")
                                     .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                                     .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                                     .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
            return VideoTaskParser::timestampFromJson(
                QJsonValue(QString(text).replace(10, 1, QLatin1Char('T')) + zone));
        }
    }
    if (value.isString()) {
        // "2025-09-25 11:07:28.590": the ISO form with a space for the 'T'.
        QString text = value.toString().trimmed();
        static const QRegularExpression spaced(QStringLiteral("^\\d{4}-\\d{2}-\\d{2} \\d"));
        if (spaced.match(text).hasMatch())
            return VideoTaskParser::timestampFromJson(QJsonValue(text.replace(10, 1, QLatin1Char('T'))));
    }
    return VideoTaskParser::timestampFromJson(value);
}

ParsedVideoTask DescribedProvider::readTask(const QJsonObject& object, const ProviderDescription::Fields& fields,
                                            const QString& requestedId, const QDateTime& now) const
{
    ParsedVideoTask parsed;
    const QJsonValue root(object);
    VideoTask& task = parsed.task;

    QJsonValue statusValue = fields.status.firstIn(root);
    QString word = textOf(statusValue);
    if (word.isEmpty() && !m_description.statusWhenMissing.isEmpty() && !statusValue.isObject()
        && !statusValue.isArray())
        word = m_description.statusWhenMissing;
    if (word.isEmpty()) {
        parsed.problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NoTaskStatus);
        return parsed;
    }
    // A number or a flag is shown with the name of its field ("done: true", "status: 5").
    task.rawStatus = statusValue.isString() || fields.status.isEmpty()
        ? word
        : QStringLiteral("%1: %2").arg(fields.status.pointers.first().lastToken(), word);
    task.status = canonicalStatus(word);

    task.id = textOf(fields.id.firstIn(root));
    if (!requestedId.isEmpty())
        task.id = requestedId;
    task.model = textOf(fields.model.firstIn(root));
    task.prompt = fields.prompt.firstIn(root).toString();
    task.size = textOf(fields.size.firstIn(root));
    task.seconds = textOf(fields.seconds.firstIn(root));
    // Some APIs write a duration with its unit ("5s"); Reelwatch keeps seconds as a bare number.
    if (task.seconds.endsWith(QLatin1Char('s'))) {
        bool number = false;
        task.seconds.chopped(1).toDouble(&number);
        if (number)
            task.seconds.chop(1);
    }
    task.createdAt = timeOf(fields.createdAt.firstIn(root));
    task.completedAt = timeOf(fields.completedAt.firstIn(root));
    task.expiresAt = timeOf(fields.expiresAt.firstIn(root));
    task.resultUrl = linkAt(fields.url, root);
    task.thumbnailUrl = linkAt(fields.thumbnail, root);
    const QJsonValue queue = fields.queuePosition.firstIn(root);
    if (queue.isDouble() && queue.toDouble() >= 0 && queue.toDouble() < 1e9)
        task.queuePosition = int(queue.toDouble());

    task.progress = progressOf(fields.progress.firstIn(root));
    if (!task.progress && !m_description.progressLog.isEmpty()) {
        // The last "NN%|" progress bar line of a log (tqdm, as Replicate's models print it).
        static const QRegularExpression bar(QStringLiteral("(\\d{1,3})%\\s*\\|"));
        const QString log = m_description.progressLog.firstIn(root).toString();
        qsizetype from = log.size();
        while (from > 0) {
            const qsizetype lineStart = log.lastIndexOf(QLatin1Char('\n'), from - 1);
            const QRegularExpressionMatch match = bar.match(log.mid(lineStart + 1, from - lineStart - 1));
            if (match.hasMatch()) {
                task.progress = std::min(100, match.captured(1).toInt());
                break;
            }
            from = lineStart < 0 ? 0 : lineStart;
        }
    }

    // The failure: its words and code where the answer has them.
    const QJsonValue errorValue = fields.error.firstIn(root);
    QString message = errorValue.isObject()
        ? textOf(errorValue.toObject().value(QLatin1String("message")))
        : (errorValue.isArray() ? textOf(errorValue.toArray().at(0)) : textOf(errorValue));
    const QString code = textOf(fields.errorCode.firstIn(root));
    const bool hasError = !message.isEmpty() || !code.isEmpty();
    if (hasError && m_description.errorMeansFailure)
        task.status = TaskStatus::Failure;
    if ((task.status == TaskStatus::Failure || task.status == TaskStatus::Unknown) && message.isEmpty())
        message = m_description.statusMessages.value(word);
    if (hasError || !message.isEmpty())
        task.error = TaskError{code, ResponseInterpreter::oneLine(message)};
    if (task.status == TaskStatus::Success && !task.progress)
        task.progress = 100;

    if (!task.expiresAt && m_description.linkLifetimeSeconds && !task.resultUrl.isEmpty()) {
        // A signed link lives so long from when it was made: the render's end where the answer says,
        // else now (the link was just issued).
        const qint64 issued
            = task.completedAt ? std::min(*task.completedAt, now.toSecsSinceEpoch()) : now.toSecsSinceEpoch();
        task.expiresAt = issued + *m_description.linkLifetimeSeconds;
    }
    parsed.ok = true;
    return parsed;
}

ApiError DescribedProvider::errorOf(const HttpAnswer& answer, const QJsonObject& body,
                                    std::optional<qint64> retryAfterMs) const
{
    const QJsonValue root(body);
    const bool success = answer.httpStatus >= 200 && answer.httpStatus <= 299;
    QString code;
    QString message;
    if (success) {
        if (m_description.envelopeCode.isEmpty())
            return ApiError();
        const QJsonValue codeValue = m_description.envelopeCode.firstIn(root);
        code = textOf(codeValue);
        if (code.isEmpty() || m_description.envelopeOk.contains(code))
            return ApiError();
        message = textOf(m_description.envelopeMessage.firstIn(root));
    } else {
        code = textOf(m_description.errorAnswerCode.firstIn(root));
        if (code.isEmpty())
            code = textOf(m_description.envelopeCode.firstIn(root));
        message = textOf(m_description.errorAnswerMessage.firstIn(root));
        if (message.isEmpty())
            message = textOf(m_description.envelopeMessage.firstIn(root));
    }
    message
        = message.isEmpty() ? ResponseInterpreter::serverMessage(answer.body) : ResponseInterpreter::oneLine(message);
    const auto kind = m_description.errorCodes.constFind(code);
    if (kind == m_description.errorCodes.constEnd()) {
        if (!success)
            return ResponseInterpreter::httpError(answer, retryAfterMs, message, code);
        const QString words = message.isEmpty() ? code : QStringLiteral("%1 (%2)").arg(message, code);
        return ResponseInterpreter::saysNotFound(code, message)
            ? ApiError::of(ErrorKind::NotFound, ErrorReason::NotFoundInBody, answer.httpStatus, words)
            : ApiError::of(ErrorKind::InvalidResponse, ErrorReason::ReportedInBody, answer.httpStatus, words);
    }
    ErrorReason reason = ErrorReason::ReportedInBody;
    switch (*kind) {
    case ErrorKind::Unauthorized:
        reason = ErrorReason::KeyRejected;
        break;
    case ErrorKind::NotFound:
        reason = success ? ErrorReason::NotFoundInBody : ErrorReason::TaskNotFound;
        break;
    case ErrorKind::RateLimited:
        reason = ErrorReason::RateLimited;
        break;
    case ErrorKind::ServerError:
        reason = ErrorReason::ServerFailed;
        break;
    default:
        break;
    }
    ApiError error = ApiError::of(*kind, reason, answer.httpStatus, message);
    if (*kind == ErrorKind::RateLimited)
        error.retryAfterMs = retryAfterMs;
    return error;
}

ProviderRequest DescribedProvider::followUpRequest(const ApiEndpoint& endpoint, const QString& pathTemplate,
                                                   const QList<QPair<QString, QString>>& query, const QString& id,
                                                   const QByteArray& secret) const
{
    ProviderRequest request;
    request.url = routeUrl(endpoint, pathTemplate, query, id);
    request.headers = requestHeaders(secret);
    return request;
}

FetchResult DescribedProvider::readCarriedAnswer(const QString& taskId, const QByteArray& carry,
                                                 const QDateTime& now) const
{
    HttpAnswer first;
    first.httpStatus = 200;
    first.body = carry;
    return readAnswer(taskId, first, now);
}

FetchResult DescribedProvider::readAnswer(const QString& taskId, const HttpAnswer& answer, const QDateTime& now) const
{
    FetchResult result = ResponseInterpreter::resultFor(taskId, answer, now);
    QJsonObject body;
    const ApiError notAnObject = ResponseInterpreter::objectProblem(answer.body, &body);
    const bool success = answer.httpStatus >= 200 && answer.httpStatus <= 299;
    if (!success) {
        result.error = errorOf(answer, body, result.retryAfterMs);
        return result;
    }
    if (notAnObject.isError()) {
        result.error = notAnObject;
        result.error.httpStatus = answer.httpStatus;
        result.error.serverMessage = ResponseInterpreter::serverMessage(answer.body);
        return result;
    }
    const QString envelopeCode = textOf(m_description.envelopeCode.firstIn(QJsonValue(body)));
    const bool renderFailed = !envelopeCode.isEmpty() && m_description.failureCodes.contains(envelopeCode);
    if (!renderFailed) {
        result.error = errorOf(answer, body, result.retryAfterMs);
        if (result.error.isError())
            return result;
    }
    ParsedVideoTask parsed = readTask(body, m_description.fields, taskId, now);
    if (renderFailed) {
        // The envelope says the render failed (its content was refused, say): a task that failed.
        if (!parsed.ok) {
            parsed = ParsedVideoTask();
            parsed.ok = true;
            parsed.task.id = taskId;
            parsed.task.rawStatus = envelopeCode;
        }
        parsed.task.status = TaskStatus::Failure;
        parsed.task.progress.reset();
        parsed.task.error
            = TaskError{envelopeCode,
                        ResponseInterpreter::oneLine(textOf(m_description.envelopeMessage.firstIn(QJsonValue(body))))};
    }
    if (!parsed.ok) {
        result.error = parsed.problem;
        result.error.httpStatus = answer.httpStatus;
        result.error.serverMessage = ResponseInterpreter::serverMessage(answer.body);
        return result;
    }
    parsed.task.rawJson = answer.body;
    result.task = std::move(parsed.task);
    return result;
}

std::optional<ProviderRequest> DescribedProvider::listRequest(const ApiEndpoint& endpoint, int limit,
                                                              const QString& cursor, const QByteArray& secret) const
{
    if (!m_description.list)
        return std::nullopt;
    const ProviderDescription::List& list = *m_description.list;
    using Paging = ProviderDescription::List::Paging;
    QString first = cursor;
    if (first.isEmpty() && list.paging == Paging::Offset)
        first = QStringLiteral("0");
    if (first.isEmpty() && list.paging == Paging::Page)
        first = QString::number(list.firstPage);
    QList<QPair<QString, QString>> query;
    for (const auto& [name, value] : list.query) {
        if (value == QLatin1String("{cursor}") && first.isEmpty())
            continue; // the first page of a cursor or token list
        QString filled = value;
        filled.replace(QLatin1String("{limit}"), QString::number(limit));
        filled.replace(QLatin1String("{cursor}"), first);
        query.append({name, filled});
    }
    ProviderRequest request;
    request.url = routeUrl(endpoint, list.path, query, QString());
    request.headers = requestHeaders(secret);
    request.maxBodyBytes = 16 * 1024 * 1024; // 100 tasks with long prompts
    return request;
}

ListResult DescribedProvider::readList(const ApiEndpoint&, const HttpAnswer& answer, int limit, const QString& cursor,
                                       const QDateTime& now) const
{
    ListResult list;
    QJsonObject body;
    const ApiError notAnObject = ResponseInterpreter::objectProblem(answer.body, &body);
    const QJsonValue items = m_description.list ? m_description.list->items.resolve(QJsonValue(body)) : QJsonValue();
    const bool success = answer.httpStatus >= 200 && answer.httpStatus <= 299;
    list.failure = ResponseInterpreter::resultFor(QString(), answer, now);
    if (!success || notAnObject.isError() || !m_description.list) {
        list.failure.error = success
            ? ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NotAList, answer.httpStatus)
            : errorOf(answer, body, list.failure.retryAfterMs);
        return list;
    }
    if (const ApiError reported = errorOf(answer, body, list.failure.retryAfterMs); reported.isError()) {
        list.failure.error = reported;
        return list;
    }
    if (!items.isArray()) {
        list.failure.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NotAList, answer.httpStatus);
        return list;
    }
    list.isList = true;
    const QJsonArray array = items.toArray();
    for (const QJsonValue& item : array) {
        ParsedVideoTask parsed = readTask(item.toObject(), m_itemFields, QString(), now);
        if (!parsed.ok || parsed.task.id.isEmpty())
            continue;
        parsed.task.rawJson = QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact);
        list.tasks << parsed.task;
    }

    const ProviderDescription::List& paging = *m_description.list;
    const QJsonValue root(body);
    const QString next = textOf(paging.next.firstIn(root));
    const QJsonValue more = paging.hasMore.firstIn(root);
    using Paging = ProviderDescription::List::Paging;
    switch (paging.paging) {
    case Paging::Offset:
        list.lastId = QString::number(cursor.toLongLong() + array.size());
        list.hasMore = more.isBool() ? more.toBool() : array.size() >= limit;
        break;
    case Paging::Page:
        list.lastId = QString::number((cursor.isEmpty() ? paging.firstPage : cursor.toInt()) + 1);
        list.hasMore = more.isBool() ? more.toBool() : array.size() >= limit;
        break;
    case Paging::NextUrl:
        list.lastId = QUrlQuery(QUrl(next)).queryItemValue(paging.cursorParameter, QUrl::FullyDecoded);
        list.hasMore = !list.lastId.isEmpty();
        break;
    case Paging::Token:
        list.lastId = next;
        list.hasMore = more.isBool() ? more.toBool() && !next.isEmpty() : !next.isEmpty();
        break;
    }
    if (array.isEmpty())
        list.hasMore = false;
    return list;
}

QList<ProviderRoute> DescribedProvider::routes(const ApiEndpoint&) const
{
    QList<ProviderRoute> routes;
    QString idKey;
    for (const auto& [name, value] : m_description.statusQuery) {
        if (value.contains(QLatin1String("{id}")))
            idKey = name;
    }
    routes << ProviderRoute{ProviderRoute::Kind::Status, m_description.statusPath, idKey};
    if (m_description.list)
        routes << ProviderRoute{ProviderRoute::Kind::List, m_description.list->path, QString()};
    return routes;
}

QList<QPair<QString, QString>> DescribedProvider::detailFields(const QByteArray& rawJson) const
{
    QList<QPair<QString, QString>> fields;
    if (m_description.details.isEmpty() || rawJson.isEmpty())
        return fields;
    const QJsonValue root(QJsonDocument::fromJson(rawJson).object());
    for (const JsonPointer& pointer : m_description.details) {
        const QJsonValue value = pointer.resolve(root);
        QString text = textOf(value);
        if (value.isArray() || value.isObject())
            text = QString::fromUtf8(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                                     : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        if (!text.isEmpty())
            fields.append({pointer.lastToken(), ResponseInterpreter::oneLine(text)});
    }
    return fields;
}

} // namespace Reelwatch

#include "minimax.h"

#include "core/apiendpoint.h"
#include "core/responseinterpreter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Reelwatch {

namespace {

const QString kFilePath = QStringLiteral("/v1/files/retrieve");

} // namespace

ProviderReading MiniMaxProvider::readStatus(const ApiEndpoint& endpoint, const QString& taskId,
                                            const HttpAnswer& answer, const QByteArray& carry, const QByteArray& secret,
                                            const QDateTime& now) const
{
    ProviderReading reading;
    if (carry.isEmpty()) {
        reading.result = readAnswer(taskId, answer, now);
        if (!reading.result.ok() || reading.result.task->status != TaskStatus::Success)
            return reading;
        const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
        const QString fileId = textOf(body.value(QLatin1String("file_id")));
        if (fileId.isEmpty())
            return reading; // succeeded without a file: nothing to look up
        reading.next = followUpRequest(endpoint, kFilePath, {{QStringLiteral("file_id"), QStringLiteral("{id}")}},
                                       fileId, secret);
        reading.carry = answer.body;
        return reading;
    }

    // The file answer: the task is what the first answer said, with the link from this one.
    reading.result = readCarriedAnswer(taskId, carry, now);
    QJsonObject body;
    const ApiError notAnObject = ResponseInterpreter::objectProblem(answer.body, &body);
    const bool success = answer.httpStatus >= 200 && answer.httpStatus <= 299;
    ApiError problem = errorOf(answer, body, ResponseInterpreter::resultFor(taskId, answer, now).retryAfterMs);
    if (!problem.isError() && success && notAnObject.isError()) {
        problem = notAnObject;
        problem.httpStatus = answer.httpStatus;
    }
    if (problem.isError() || !reading.result.task) {
        // The render is done but its link could not be had: a failed lookup, asked again later.
        reading.result = ResponseInterpreter::resultFor(taskId, answer, now);
        reading.result.error = problem.isError() ? problem : reading.result.error;
        return reading;
    }
    VideoTask& task = *reading.result.task;
    task.resultUrl = linkAt(FieldPaths{{*JsonPointer::parse(QStringLiteral("/file/download_url"))}}, QJsonValue(body));
    if (const std::optional<qint64> lifetime = description().linkLifetimeSeconds; lifetime && !task.resultUrl.isEmpty())
        task.expiresAt = now.toSecsSinceEpoch() + *lifetime;
    const QJsonValue created = body.value(QLatin1String("file")).toObject().value(QLatin1String("created_at"));
    if (created.isDouble())
        task.completedAt = qint64(created.toDouble());
    reading.result.httpStatus = answer.httpStatus;
    return reading;
}

QList<ProviderRoute> MiniMaxProvider::routes(const ApiEndpoint& endpoint) const
{
    QList<ProviderRoute> routes = DescribedProvider::routes(endpoint);
    routes << ProviderRoute{ProviderRoute::Kind::FollowUp, kFilePath, QStringLiteral("file_id")};
    return routes;
}

} // namespace Reelwatch

#include "fal.h"

#include "core/apiendpoint.h"
#include "core/responseinterpreter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Reelwatch {

namespace {

const QString kResultPath = QStringLiteral("/requests/{id}");

// Where the result bodies of fal's video models keep the video and a poster.
FieldPaths pathsOf(std::initializer_list<const char*> texts)
{
    FieldPaths paths;
    for (const char* text : texts)
        paths.pointers << *JsonPointer::parse(QString::fromLatin1(text));
    return paths;
}

} // namespace

ProviderReading FalProvider::readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                                        const QByteArray& carry, const QByteArray& secret, const QDateTime& now) const
{
    ProviderReading reading;
    if (carry.isEmpty()) {
        reading.result = readAnswer(taskId, answer, now);
        const bool completed = reading.result.ok() && reading.result.task->status == TaskStatus::Success;
        if (!completed)
            return reading;
        ProviderRequest result = followUpRequest(endpoint, kResultPath, {}, taskId, secret);
        result.maxBodyBytes = 4 * 1024 * 1024; // a model's whole output
        reading.next = result;
        reading.carry = answer.body;
        return reading;
    }

    reading.result = readCarriedAnswer(taskId, carry, now);
    FetchResult base = ResponseInterpreter::resultFor(taskId, answer, now);
    QJsonObject body;
    const ApiError notAnObject = ResponseInterpreter::objectProblem(answer.body, &body);
    const bool success = answer.httpStatus >= 200 && answer.httpStatus <= 299;
    if (!reading.result.task || (success && notAnObject.isError())) {
        base.error = reading.result.task ? notAnObject : reading.result.error;
        base.error.httpStatus = answer.httpStatus;
        reading.result = base;
        return reading;
    }
    VideoTask& task = *reading.result.task;
    const bool renderFailed
        = (answer.httpStatus == 400 || answer.httpStatus == 422) && body.contains(QLatin1String("detail"));
    if (renderFailed) {
        // The model refused or failed: the render's own outcome, told in the result's "detail".
        const QJsonValue detail = body.value(QLatin1String("detail"));
        const QString message
            = detail.isArray() ? textOf(detail.toArray().at(0).toObject().value(QLatin1String("msg"))) : textOf(detail);
        const QString code = detail.isArray() ? textOf(detail.toArray().at(0).toObject().value(QLatin1String("type")))
                                              : textOf(body.value(QLatin1String("error_type")));
        task.status = TaskStatus::Failure;
        task.error = TaskError{code, ResponseInterpreter::oneLine(message)};
        task.progress.reset();
        return reading;
    }
    if (!success) {
        base.error = errorOf(answer, body, base.retryAfterMs);
        reading.result = base;
        return reading;
    }
    const QJsonValue root(body);
    task.resultUrl = linkAt(pathsOf({"/video/url", "/videos/0/url", "/output/video/url"}), root);
    task.thumbnailUrl = linkAt(pathsOf({"/thumbnail/url", "/poster/url"}), root);
    // The result is what a creator wants to read back: the model's output, seed and all.
    task.rawJson = answer.body;
    reading.result.httpStatus = answer.httpStatus;
    return reading;
}

QList<ProviderRoute> FalProvider::routes(const ApiEndpoint& endpoint) const
{
    QList<ProviderRoute> routes = DescribedProvider::routes(endpoint);
    routes << ProviderRoute{ProviderRoute::Kind::FollowUp, kResultPath, QString()};
    return routes;
}

} // namespace Reelwatch

// Feeds arbitrary bytes to every built-in provider's reader, as the answer to its status route, to
// each follow-up it asks for, and to its list route; and to the provider-file reader, as a file a
// user installs. Any crash, leak or UB is a finding, and so is an answer that is neither a task, an
// error nor a follow-up request, or a progress outside 0–100.

#include "core/apiendpoint.h"
#include "core/provider.h"
#include "core/responseinterpreter.h"
#include "providers/providerfile.h"
#include "providers/providerregistry.h"

#include <cstddef>
#include <cstdint>

using namespace Reelwatch;

namespace {

void check(const FetchResult& result)
{
    if (result.ok() == result.error.isError())
        __builtin_trap(); // exactly one of task and error
    if (result.task && result.task->progress && (*result.task->progress < 0 || *result.task->progress > 100))
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1762499410, Qt::UTC);
    static const QList<std::shared_ptr<const Provider>> providers = ProviderRegistry::makeBuiltIns();

    for (const std::shared_ptr<const Provider>& provider : providers) {
        const ApiEndpoint endpoint(QUrl(QStringLiteral("https://api.example.com")), provider);
        const QString taskId = provider->exampleTaskId();
        for (const int status : {200, 400, 404, 422, 429}) {
            HttpAnswer answer;
            answer.httpStatus = status;
            answer.body = bytes;
            answer.retryAfter = bytes.left(20);
            // Every follow-up gets the same bytes: a reader must stop asking or give up by itself.
            QByteArray carry;
            for (int step = 0; step < 4; ++step) {
                const ProviderReading reading
                    = provider->readStatus(endpoint, taskId, answer, carry, QByteArrayLiteral("AK:SK"), now);
                if (!reading.next) {
                    check(reading.result);
                    break;
                }
                carry = reading.carry;
            }
            provider->readList(endpoint, answer, 20, QString(), now);
        }
        provider->detailFields(bytes);
        provider->checkId(QString::fromUtf8(bytes.left(300)));
    }

    const ProviderFileResult file = ProviderFile::parse(bytes, QStringLiteral("fuzz.json"));
    if (file.description.has_value() == !file.error.isEmpty())
        __builtin_trap(); // a description or an error, never both or neither
    return 0;
}

#pragma once

#include "core/videotaskparser.h"
#include "providerdescription.h"

#include <memory>

namespace Reelwatch {

// A provider that is a ProviderDescription: the built-in providers that are plain data, every
// provider file, and the base of the built-in providers that need a little code on top (a signed
// credential, a second request).
class DescribedProvider : public Provider
{
public:
    explicit DescribedProvider(ProviderDescription description);

    const ProviderDescription& description() const { return m_description; }

    QString id() const override { return m_description.id; }
    QString name() const override { return m_description.name; }
    QUrl publicBaseUrl() const override { return m_description.publicBaseUrl; }
    ProviderCapabilities capabilities() const override;
    QString credentialHint() const override;
    TaskIdCheck checkId(const QString& candidate) const override;
    QString exampleTaskId() const override;

    ProviderRequest statusRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                  const QByteArray& secret) const override;
    ProviderReading readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                               const QByteArray& carry, const QByteArray& secret, const QDateTime& now) const override;
    std::optional<ProviderRequest> listRequest(const ApiEndpoint& endpoint, int limit, const QString& cursor,
                                               const QByteArray& secret) const override;
    ListResult readList(const ApiEndpoint& endpoint, const HttpAnswer& answer, int limit, const QString& cursor,
                        const QDateTime& now) const override;
    QList<ProviderRoute> routes(const ApiEndpoint& endpoint) const override;
    QList<QPair<QString, QString>> detailFields(const QByteArray& rawJson) const override;

protected:
    // The headers of every request: the credential, then the fixed and fresh ones.
    virtual QList<ProviderHeader> requestHeaders(const QByteArray& secret) const;
    // A status answer read by the description: the task, or what went wrong.
    FetchResult readAnswer(const QString& taskId, const HttpAnswer& answer, const QDateTime& now) const;
    // Two-step lookups (MiniMax's file, fal's result): the next request, to another route of this
    // provider with the same headers; and the first answer, kept as the carry, read again as the 2xx it was.
    ProviderRequest followUpRequest(const ApiEndpoint& endpoint, const QString& pathTemplate,
                                    const QList<QPair<QString, QString>>& query, const QString& id,
                                    const QByteArray& secret) const;
    FetchResult readCarriedAnswer(const QString& taskId, const QByteArray& carry, const QDateTime& now) const;
    // An error answer (any HTTP status) or a 2xx whose envelope reports failure, read with the
    // description's error codes; no error when the answer is a 2xx without such an envelope.
    ApiError errorOf(const HttpAnswer& answer, const QJsonObject& body, std::optional<qint64> retryAfterMs) const;
    // One task object: a status answer, or a list item read with `fields` seen from inside its prefix.
    ParsedVideoTask readTask(const QJsonObject& root, const ProviderDescription::Fields& fields,
                             const QString& requestedId, const QDateTime& now) const;
    // A path of the provider under the endpoint's base URL: the steps the base already ends with are
    // not repeated ("https://host/api/v1" and "/api/v1/tasks/{id}" give "https://host/api/v1/tasks/…").
    QUrl routeUrl(const ApiEndpoint& endpoint, const QString& pathTemplate, const QList<QPair<QString, QString>>& query,
                  const QString& taskId) const;
    // The ID as it goes into a route: one percent-encoded path segment, or (IDs with '/') several.
    QString encodedId(const QString& taskId) const;
    // Text of a JSON value: strings as they are, whole numbers without a fraction, true/false.
    static QString textOf(const QJsonValue& value);
    // The first http(s) link among the values at `paths` (a string, or the first string of a list).
    static QString linkAt(const FieldPaths& paths, const QJsonValue& root);

private:
    TaskStatus canonicalStatus(const QString& word) const;
    std::optional<int> progressOf(const QJsonValue& value) const;
    std::optional<qint64> timeOf(const QJsonValue& value) const;

    ProviderDescription m_description;
    QHash<QString, TaskStatus> m_foldedStatuses; // the status words in lower case
    ProviderDescription::Fields m_itemFields; // fields as a list item sees them
};

} // namespace Reelwatch

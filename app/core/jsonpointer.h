#pragma once

#include <optional>
#include <QJsonValue>
#include <QStringList>

namespace Reelwatch {

// A JSON Pointer (RFC 6901): "/task_result/videos/0/url" names a value inside a document. Parsed once,
// resolved against many documents (every answer of a provider).
class JsonPointer
{
public:
    // nullopt, with the reason in `error`, for text that is not a pointer ("" is the whole document;
    // anything else starts with "/"; "~" must be "~0" or "~1").
    static std::optional<JsonPointer> parse(const QString& text, QString* error = nullptr);

    // The value it names in `root`; Undefined when there is none (a missing key, an index past the end
    // or not a number, a step into a string or number).
    QJsonValue resolve(const QJsonValue& root) const;
    QString text() const { return m_text; }
    bool isRoot() const { return m_tokens.isEmpty(); }
    // The name of the value it points at ("url" for "/video/url"); empty for the root.
    QString lastToken() const { return m_tokens.isEmpty() ? QString() : m_tokens.last(); }
    // The same place seen from inside `prefix` ("/data/status" inside "/data" is "/status"); nullopt
    // when it does not lie inside.
    std::optional<JsonPointer> inside(const JsonPointer& prefix) const;

private:
    QString m_text;
    QStringList m_tokens; // unescaped
};

} // namespace Reelwatch

#pragma once

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Reelwatch {

// One compact JSON object for a line of `--json` output, written straight to text: the same bytes
// QJsonDocument(object).toJson(Compact) would give (keys in sorted order, the same escapes), without
// building a QJsonObject first, which costs more than the request it reports on.
class JsonLine
{
public:
    JsonLine& add(const char* key, const QString& value);
    JsonLine& add(const char* key, const char* value) { return add(key, QString::fromUtf8(value)); }
    JsonLine& add(const char* key, qint64 value);
    JsonLine& add(const char* key, int value) { return add(key, qint64(value)); }
    JsonLine& add(const char* key, bool value);
    JsonLine& add(const char* key, const QJsonObject& value);
    // A string, or null when it is empty.
    JsonLine& addTextOrNull(const char* key, const QString& value);
    JsonLine& addOrNull(const char* key, const std::optional<qint64>& value);
    JsonLine& addNull(const char* key);

    // The object, keys sorted as QJsonObject sorts them. Keys are ASCII, as every key Reelwatch prints is.
    QByteArray toJson() const;

    // A JSON string literal of `text`, escaped as QJsonDocument escapes it.
    static void appendString(QByteArray& out, const QString& text);

private:
    JsonLine& addRaw(const char* key, QByteArray encoded);

    mutable QList<std::pair<const char*, QByteArray>> m_members; // sorted by toJson()
};

} // namespace Reelwatch

#include "secretredactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace Reelwatch {

namespace {

const QString kRedacted = QStringLiteral("[redacted]");

bool isLink(const QString& text)
{
    return text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)
        || text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive);
}

// The key-shaped patterns need one of these ("sk-", "rk-", "pk-", "sess-", "eyJ"): most strings (a
// status word, a size, an ID) have none, and are not run through the expression at all.
bool mayBeKeyShaped(QStringView text)
{
    return text.contains(QLatin1String("k-")) || text.contains(QLatin1String("s-"))
        || text.contains(QLatin1String("eyJ"));
}

// One secret's forms, worked out once for all the strings of an answer.
class Redaction
{
public:
    explicit Redaction(const QByteArray& secret)
        // Short secrets would match ordinary words; the key-shaped patterns still cover them in free text.
        : m_replaceable(secret.size() >= 8)
        , m_secret(QString::fromUtf8(secret))
    {
        const QByteArray encoded = QUrl::toPercentEncoding(m_secret);
        if (m_replaceable && encoded != secret)
            m_encoded = QString::fromLatin1(encoded);
    }

    QString secretOnly(const QString& text) const
    {
        if (text.isEmpty() || !m_replaceable)
            return text;
        QString result = text;
        result.replace(m_secret, kRedacted);
        // In a link or a query the secret may come percent-encoded, in either case of hex digits.
        if (!m_encoded.isEmpty())
            result.replace(m_encoded, kRedacted, Qt::CaseInsensitive);
        return result;
    }

    QString text(const QString& text) const
    {
        QString result = secretOnly(text);
        if (!mayBeKeyShaped(result))
            return result;
        static const QRegularExpression keyShaped(
            QStringLiteral("\\b(?:sk|rk|pk|sess)-[A-Za-z0-9_*\\-]{4,}|\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_.\\-]+"));
        result.replace(keyShaped, kRedacted);
        return result;
    }

    QByteArray json(const QByteArray& json) const
    {
        if (json.isEmpty())
            return json;
        // Without a single escape the strings are the bytes as they stand: when those hold no trace of
        // the secret and nothing key-shaped, there is nothing to read (the common answer).
        const QString whole = QString::fromUtf8(json);
        if (!json.contains('\\') && !mayBeKeyShaped(whole) && secretOnly(whole) == whole)
            return json;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError) {
            QString clean = whole;
            // JSON that could not be read may still escape a '/' of the secret as "\/"; taken out
            // first, before a key-shaped pattern takes its start and leaves the rest.
            if (m_replaceable && m_secret.contains(QLatin1Char('/')))
                clean.replace(QString(m_secret).replace(QLatin1String("/"), QLatin1String("\\/")), kRedacted);
            clean = text(clean);
            return clean == whole ? json : clean.toUtf8();
        }
        bool changed = false;
        const QJsonValue clean
            = value(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), &changed);
        if (!changed)
            return json; // as the server wrote it, which is what the details pane and a copy should show
        const QJsonDocument rewritten
            = clean.isArray() ? QJsonDocument(clean.toArray()) : QJsonDocument(clean.toObject());
        return rewritten.toJson(QJsonDocument::Compact);
    }

private:
    QJsonValue value(const QJsonValue& value, bool* changed) const
    {
        switch (value.type()) {
        case QJsonValue::String: {
            const QString original = value.toString();
            const QString clean = isLink(original) ? secretOnly(original) : text(original);
            if (clean == original)
                return value;
            *changed = true;
            return clean;
        }
        case QJsonValue::Array: {
            QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i) {
                bool itemChanged = false;
                const QJsonValue item = this->value(array.at(i), &itemChanged);
                if (itemChanged) {
                    array.replace(i, item);
                    *changed = true;
                }
            }
            return array;
        }
        case QJsonValue::Object: {
            const QJsonObject object = value.toObject();
            QJsonObject clean;
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                const QString name = text(it.key());
                *changed |= name != it.key();
                clean.insert(name, this->value(it.value(), changed));
            }
            return clean;
        }
        default:
            return value;
        }
    }

    bool m_replaceable;
    QString m_secret;
    QString m_encoded; // empty when the secret needs no percent-encoding
};

} // namespace

QString SecretRedactor::redact(const QString& text, const QByteArray& secret)
{
    if (text.isEmpty())
        return text; // the common case (an error without the server's words): nothing to look through
    return Redaction(secret).text(text);
}

QString SecretRedactor::redactSecret(const QString& text, const QByteArray& secret)
{
    return Redaction(secret).secretOnly(text);
}

QByteArray SecretRedactor::redactJson(const QByteArray& json, const QByteArray& secret)
{
    return Redaction(secret).json(json);
}

VideoTask SecretRedactor::redactTask(VideoTask task, const QByteArray& secret)
{
    const Redaction redaction(secret);
    task.id = redaction.secretOnly(task.id);
    for (QString* field : {&task.object, &task.model, &task.rawStatus, &task.prompt, &task.size, &task.seconds})
        *field = redaction.text(*field);
    if (task.error) {
        task.error->code = redaction.text(task.error->code);
        task.error->message = redaction.text(task.error->message);
    }
    task.resultUrl = redaction.secretOnly(task.resultUrl);
    task.thumbnailUrl = redaction.secretOnly(task.thumbnailUrl);
    task.rawJson = redaction.json(task.rawJson);
    return task;
}

} // namespace Reelwatch

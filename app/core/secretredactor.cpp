#include "secretredactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace Reelwatch {

namespace {

const QString kRedacted = QStringLiteral("[redacted]");

// Short secrets would match ordinary words; the key-shaped patterns still cover them in free text.
bool replaceable(const QByteArray& secret)
{
    return secret.size() >= 8;
}

bool isLink(const QString& text)
{
    return text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)
        || text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive);
}

QJsonValue redactValue(const QJsonValue& value, const QByteArray& secret, bool* changed)
{
    switch (value.type()) {
    case QJsonValue::String: {
        const QString text = value.toString();
        const QString clean
            = isLink(text) ? SecretRedactor::redactSecret(text, secret) : SecretRedactor::redact(text, secret);
        if (clean == text)
            return value;
        *changed = true;
        return clean;
    }
    case QJsonValue::Array: {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            bool itemChanged = false;
            const QJsonValue item = redactValue(array.at(i), secret, &itemChanged);
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
            const QString name = SecretRedactor::redact(it.key(), secret);
            *changed |= name != it.key();
            clean.insert(name, redactValue(it.value(), secret, changed));
        }
        return clean;
    }
    default:
        return value;
    }
}

} // namespace

QString SecretRedactor::redact(const QString& text, const QByteArray& secret)
{
    if (text.isEmpty())
        return text; // the common case (an error without the server's words): nothing to look through
    QString result = redactSecret(text, secret);
    // Both patterns need one of these; most strings (a status word, a size, a model) have neither.
    if (!result.contains(QLatin1Char('-')) && !result.contains(QLatin1String("eyJ")))
        return result;
    static const QRegularExpression keyShaped(
        QStringLiteral("\\b(?:sk|rk|pk|sess)-[A-Za-z0-9_*\\-]{4,}|\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_.\\-]+"));
    result.replace(keyShaped, kRedacted);
    return result;
}

QString SecretRedactor::redactSecret(const QString& text, const QByteArray& secret)
{
    if (text.isEmpty() || !replaceable(secret))
        return text;
    QString result = text;
    result.replace(QString::fromUtf8(secret), kRedacted);
    // In a link or a query the secret may come percent-encoded, in either case of hex digits.
    const QByteArray encoded = QUrl::toPercentEncoding(QString::fromUtf8(secret));
    if (encoded != secret)
        result.replace(QString::fromLatin1(encoded), kRedacted, Qt::CaseInsensitive);
    return result;
}

QByteArray SecretRedactor::redactJson(const QByteArray& json, const QByteArray& secret)
{
    if (json.isEmpty())
        return json;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        const QString text = QString::fromUtf8(json);
        QString clean = text;
        // JSON that could not be read may still escape a '/' of the secret as "\/"; taken out first,
        // before a key-shaped pattern takes its start and leaves the rest.
        if (replaceable(secret) && secret.contains('/'))
            clean.replace(QString::fromUtf8(secret).replace(QLatin1String("/"), QLatin1String("\\/")), kRedacted);
        clean = redact(clean, secret);
        return clean == text ? json : clean.toUtf8();
    }
    bool changed = false;
    const QJsonValue clean = redactValue(
        document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), secret, &changed);
    if (!changed)
        return json; // as the server wrote it, which is what the details pane and a copy should show
    const QJsonDocument rewritten = clean.isArray() ? QJsonDocument(clean.toArray()) : QJsonDocument(clean.toObject());
    return rewritten.toJson(QJsonDocument::Compact);
}

VideoTask SecretRedactor::redactTask(VideoTask task, const QByteArray& secret)
{
    task.id = redactSecret(task.id, secret);
    task.object = redact(task.object, secret);
    task.model = redact(task.model, secret);
    task.rawStatus = redact(task.rawStatus, secret);
    task.prompt = redact(task.prompt, secret);
    task.size = redact(task.size, secret);
    task.seconds = redact(task.seconds, secret);
    if (task.error) {
        task.error->code = redact(task.error->code, secret);
        task.error->message = redact(task.error->message, secret);
    }
    task.resultUrl = redactSecret(task.resultUrl, secret);
    task.thumbnailUrl = redactSecret(task.thumbnailUrl, secret);
    task.rawJson = redactJson(task.rawJson, secret);
    return task;
}

} // namespace Reelwatch

#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Reelwatch {

std::optional<JsonPointer> JsonPointer::parse(const QString& text, QString* error)
{
    JsonPointer pointer;
    pointer.m_text = text;
    if (text.isEmpty())
        return pointer;
    if (!text.startsWith(QLatin1Char('/'))) {
        if (error)
            *error = QStringLiteral("a JSON Pointer starts with '/': \"%1\"").arg(text);
        return std::nullopt;
    }
    for (const QString& raw : text.mid(1).split(QLatin1Char('/'))) {
        QString token;
        token.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            const QChar c = raw.at(i);
            if (c != QLatin1Char('~')) {
                token += c;
                continue;
            }
            const QChar next = i + 1 < raw.size() ? raw.at(i + 1) : QChar();
            if (next != QLatin1Char('0') && next != QLatin1Char('1')) {
                if (error)
                    *error = QStringLiteral("'~' must be followed by 0 or 1 in \"%1\"").arg(text);
                return std::nullopt;
            }
            token += next == QLatin1Char('0') ? QLatin1Char('~') : QLatin1Char('/');
            ++i;
        }
        pointer.m_tokens << token;
    }
    return pointer;
}

std::optional<JsonPointer> JsonPointer::inside(const JsonPointer& prefix) const
{
    if (prefix.m_tokens.size() > m_tokens.size())
        return std::nullopt;
    for (qsizetype i = 0; i < prefix.m_tokens.size(); ++i) {
        if (prefix.m_tokens.at(i) != m_tokens.at(i))
            return std::nullopt;
    }
    JsonPointer inner;
    inner.m_tokens = m_tokens.mid(prefix.m_tokens.size());
    for (const QString& token : inner.m_tokens) {
        QString escaped = token;
        escaped.replace(QLatin1Char('~'), QLatin1String("~0"));
        escaped.replace(QLatin1Char('/'), QLatin1String("~1"));
        inner.m_text += QLatin1Char('/') + escaped;
    }
    return inner;
}

QJsonValue JsonPointer::resolve(const QJsonValue& root) const
{
    QJsonValue value = root;
    for (const QString& token : m_tokens) {
        if (value.isObject()) {
            value = value.toObject().value(token);
        } else if (value.isArray()) {
            // An index is digits only, without leading zeros ("-", the end, names nothing to read).
            bool ok = !token.isEmpty() && (token.size() == 1 || token.front() != QLatin1Char('0'));
            for (const QChar c : token)
                ok = ok && c.isDigit() && c.unicode() < 0x80;
            const qsizetype index = ok ? token.toLongLong(&ok) : -1;
            const QJsonArray array = value.toArray();
            if (!ok || index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            value = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
        if (value.isUndefined())
            return value;
    }
    return value;
}

} // namespace Reelwatch

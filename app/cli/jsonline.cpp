#include "jsonline.h"

#include "core/displaytext.h"

#include <algorithm>
#include <cstring>
#include <QJsonDocument>

namespace Reelwatch {

void JsonLine::appendString(QByteArray& out, const QString& text)
{
    static const char kHex[] = "0123456789abcdef";
    const auto escapeUnit = [&out](char16_t unit) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4)
            out += kHex[(unit >> shift) & 0xf];
    };
    out += '"';
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text.at(i).unicode();
        switch (c) {
        case u'"':
            out += "\\\"";
            continue;
        case u'\\':
            out += "\\\\";
            continue;
        case u'\b':
            out += "\\b";
            continue;
        case u'\f':
            out += "\\f";
            continue;
        case u'\n':
            out += "\\n";
            continue;
        case u'\r':
            out += "\\r";
            continue;
        case u'\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (c < 0x7f && c >= 0x20) {
            out += char(c);
        } else if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            out += QStringView(text).mid(i, 2).toUtf8();
            ++i;
        } else if (DisplayText::acts(c)) {
            // Controls, bidi overrides and line separators would act in a terminal, and a lone half of
            // a pair has no UTF-8 form: the escape is the same JSON value.
            escapeUnit(c);
        } else {
            out += QStringView(text).mid(i, 1).toUtf8();
        }
    }
    out += '"';
}

JsonLine& JsonLine::addRaw(const char* key, QByteArray encoded)
{
    m_members.append({key, std::move(encoded)});
    return *this;
}

JsonLine& JsonLine::add(const char* key, const QString& value)
{
    QByteArray encoded;
    encoded.reserve(value.size() + 2);
    appendString(encoded, value);
    return addRaw(key, std::move(encoded));
}

JsonLine& JsonLine::add(const char* key, qint64 value)
{
    return addRaw(key, QByteArray::number(value));
}

JsonLine& JsonLine::add(const char* key, bool value)
{
    return addRaw(key, value ? QByteArrayLiteral("true") : QByteArrayLiteral("false"));
}

JsonLine& JsonLine::add(const char* key, const QJsonObject& value)
{
    return addRaw(key, DisplayText::json(QJsonDocument(value).toJson(QJsonDocument::Compact)));
}

JsonLine& JsonLine::addTextOrNull(const char* key, const QString& value)
{
    return value.isEmpty() ? addNull(key) : add(key, value);
}

JsonLine& JsonLine::addOrNull(const char* key, const std::optional<qint64>& value)
{
    return value ? add(key, *value) : addNull(key);
}

JsonLine& JsonLine::addNull(const char* key)
{
    return addRaw(key, QByteArrayLiteral("null"));
}

QByteArray JsonLine::toJson() const
{
    // QJsonObject keeps its keys in code-unit order (for ASCII keys, byte order); a key given twice keeps
    // its last value, hence the stable sort and the look ahead.
    std::stable_sort(m_members.begin(), m_members.end(),
                     [](const auto& a, const auto& b) { return std::strcmp(a.first, b.first) < 0; });
    QByteArray out;
    out.reserve(256);
    out += '{';
    for (qsizetype i = 0; i < m_members.size(); ++i) {
        if (i + 1 < m_members.size() && std::strcmp(m_members.at(i + 1).first, m_members.at(i).first) == 0)
            continue;
        if (out.size() > 1)
            out += ',';
        out += '"';
        out += m_members.at(i).first;
        out += "\":";
        out += m_members.at(i).second;
    }
    out += '}';
    return out;
}

} // namespace Reelwatch

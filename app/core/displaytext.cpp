#include "displaytext.h"

#include <algorithm>

namespace Reelwatch {

namespace {

bool isControl(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

// Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder what follows them.
// The marks (LRM, RLM, ALM) only nudge neutral characters and stay.
bool isBidiControl(char16_t c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

bool isLineBreak(char16_t c)
{
    return c == u'\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool needsWork(const QString& text)
{
    for (const QChar character : text) {
        if (DisplayText::acts(character.unicode()))
            return true;
    }
    return false;
}

QString escaped(char16_t unit)
{
    return QStringLiteral("\\u%1").arg(uint(unit), 4, 16, QLatin1Char('0'));
}

QString clean(const QString& text, bool keepLines)
{
    if (!needsWork(text))
        return text; // nearly every string: no copy
    QString out;
    out.reserve(text.size() + 16);
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            out += text.at(i);
            out += text.at(++i);
            continue;
        }
        const bool crlf = c == u'\r' && i + 1 < size && text.at(i + 1) == QLatin1Char('\n');
        if (isLineBreak(c) || crlf) {
            i += crlf ? 1 : 0;
            out += keepLines ? QLatin1Char('\n') : QLatin1Char(' ');
        } else if (c == u'\t') {
            out += keepLines ? QLatin1Char('\t') : QLatin1Char(' ');
        } else if (!keepLines && (c == u'\r' || c == u'\v' || c == u'\f')) {
            out += QLatin1Char(' ');
        } else if (isControl(c) || isBidiControl(c) || QChar::isSurrogate(c)) {
            // A lone half of a surrogate pair has no character to show either.
            out += escaped(c);
        } else {
            out += text.at(i);
        }
    }
    return out;
}

} // namespace

bool DisplayText::acts(char16_t unit)
{
    return isControl(unit) || isBidiControl(unit) || unit == 0x2028 || unit == 0x2029 || QChar::isSurrogate(unit);
}

QByteArray DisplayText::json(const QByteArray& utf8Json)
{
    // Plain ASCII JSON (nearly all of it) has nothing to act on beyond what JSON already escapes.
    const bool beyondAscii = std::any_of(utf8Json.begin(), utf8Json.end(), [](char c) { return uchar(c) >= 0x7f; });
    if (!beyondAscii)
        return utf8Json;
    const QString text = QString::fromUtf8(utf8Json);
    QString out;
    out.reserve(text.size() + 16);
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            out += text.at(i);
            out += text.at(++i);
        } else if (c >= 0x20 && acts(c)) {
            out += escaped(c); // below 0x20, JSON has escaped it already
        } else {
            out += text.at(i);
        }
    }
    return out.toUtf8();
}

QString DisplayText::line(const QString& text)
{
    return clean(text, false);
}

QString DisplayText::block(const QString& text)
{
    return clean(text, true);
}

} // namespace Reelwatch

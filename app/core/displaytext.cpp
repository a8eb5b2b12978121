#include "displaytext.h"

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
        const char16_t c = character.unicode();
        if (isControl(c) || isBidiControl(c) || c == 0x2028 || c == 0x2029 || QChar::isSurrogate(c))
            return true;
    }
    return false;
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
            out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
        } else {
            out += text.at(i);
        }
    }
    return out;
}

} // namespace

QString DisplayText::line(const QString& text)
{
    return clean(text, false);
}

QString DisplayText::block(const QString& text)
{
    return clean(text, true);
}

} // namespace Reelwatch

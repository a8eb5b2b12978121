#pragma once

#include <QString>

namespace Reelwatch {

// Text a server wrote, made safe to show: in a terminal (`status`, `watch`, `list`, `download`) and in
// the window's labels, tooltips and notifications. A server's prompt, model, error or link could carry
// ANSI escapes, an OSC title sequence, backspaces or a carriage return that rewrite what a terminal
// shows, other C0/C1 controls, or Unicode bidi overrides that make text read differently from what it
// is. Each of those is shown as a visible escape ("\u001b", "\u202e"), which inside JSON text is also
// the same JSON; everything else, every script and emoji, passes unchanged. JSON output keeps its
// exact values: json() writes the same characters as JSON escapes instead.
class DisplayText
{
public:
    // Whether a terminal or a text layout would act on this UTF-16 unit instead of showing it: C0 and
    // C1 controls and DEL, bidi embeddings, overrides and isolates, the Unicode line and paragraph
    // separators, and halves of surrogate pairs (a whole pair is checked by the caller).
    static bool acts(char16_t unit);
    // JSON text (UTF-8) made safe for a terminal without changing what it decodes to: every character
    // that acts() inside its strings is written as a \uXXXX escape. JSON's own syntax is ASCII, so
    // such characters can only be inside strings.
    static QByteArray json(const QByteArray& utf8Json);
    // One line: line breaks and tabs become spaces, so a server cannot start a line of its own in
    // line-per-event output or a table.
    static QString line(const QString& text);
    // Several lines (a prompt, a tooltip, a notification's body, pretty JSON): "\n" and "\t" stay,
    // "\r\n" becomes "\n".
    static QString block(const QString& text);
};

} // namespace Reelwatch

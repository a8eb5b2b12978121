#pragma once

#include <QString>

namespace Reelwatch {

// Text a server wrote, made safe to show: in a terminal (`status`, `watch`, `list`, `download`) and in
// the window's labels, tooltips and notifications. A server's prompt, model, error or link could carry
// ANSI escapes, an OSC title sequence, backspaces or a carriage return that rewrite what a terminal
// shows, other C0/C1 controls, or Unicode bidi overrides that make text read differently from what it
// is. Each of those is shown as a visible escape ("\u001b", "\u202e"), which inside JSON text is also
// the same JSON; everything else, every script and emoji, passes unchanged. JSON output is never put
// through this: its own escaping is exact and already safe.
class DisplayText
{
public:
    // One line: line breaks and tabs become spaces, so a server cannot start a line of its own in
    // line-per-event output or a table.
    static QString line(const QString& text);
    // Several lines (a prompt, a tooltip, a notification's body, pretty JSON): "\n" and "\t" stay,
    // "\r\n" becomes "\n".
    static QString block(const QString& text);
};

} // namespace Reelwatch

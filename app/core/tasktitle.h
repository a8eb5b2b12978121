#pragma once

#include <QString>

namespace Reelwatch {

// What a render is called wherever people read it (the board, notifications, the tray, file names):
// the user's label, else the start of the prompt, else the task ID. Creators recognise their prompt;
// nobody recognises "video_68f1…f70811a002".
class TaskTitle
{
public:
    static constexpr int kMaxPromptCharacters = 60;

    static QString of(const QString& label, const QString& prompt, const QString& taskId);
    // The prompt's first line, white space collapsed, cut at a word boundary to at most
    // kMaxPromptCharacters (with "…" when cut); empty for an empty prompt.
    static QString promptStart(const QString& prompt);
};

} // namespace Reelwatch

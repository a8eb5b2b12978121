#pragma once

#include "apiendpoint.h"
#include "videotask.h"

#include <optional>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Reelwatch {

// One task as the copy actions see it: its ID, the server it lives on (a selection may span
// profiles) and the last good answer, if the server ever gave one.
struct TaskCopySubject
{
    QString taskId;
    ApiEndpoint endpoint;
    std::optional<VideoTask> last; // nullopt: never answered, so no JSON, prompt or result yet
};

// What a copy of several tasks produced: the clipboard text and how many tasks had nothing of the
// requested kind (no JSON yet, no prompt, no result yet), so the window can say "2 of 5 had no JSON
// yet" instead of copying less than was selected without a word.
struct TaskCopyResult
{
    QString text; // empty when no task contributed anything
    int copied = 0;
    int skipped = 0;
};

// The text the copy actions put on the clipboard. Pure functions: no clipboard, no environment, no
// secret. The credential never appears in any output because it is never an input: the curl line
// names the environment variable the shell expands when the line runs.
class TaskCopy
{
    Q_DECLARE_TR_FUNCTIONS(TaskCopy)

public:
    enum class Kind
    {
        Id,
        ResultLink,
        Json,
        Curl,
        Prompt,
    };

    // One task, exactly: the pretty-printed JSON, the prompt with its line breaks. nullopt when the
    // task has nothing of this kind.
    static std::optional<QString> forTask(Kind kind, const TaskCopySubject& subject);

    // A selection, one line per task in the given order, lines joined by '\n' without a trailing
    // newline (a pasted curl line then waits for Enter). A selection of one is forTask(). Tasks
    // without anything of the kind are skipped and counted.
    static TaskCopyResult forSelection(Kind kind, const QList<TaskCopySubject>& subjects);

    // A sentence for the status bar about what a copy did, e.g. "Copied 3 result links; 2 of 5
    // tasks have no result yet."
    static QString summary(Kind kind, const TaskCopyResult& result);

    // The link to the rendered video: the body's result URL when it is an absolute http(s) URL,
    // else, for a finished task, the profile's content endpoint. nullopt while there is no result.
    static std::optional<QString> resultLink(const TaskCopySubject& subject);

    // The server's JSON, re-indented (4 spaces) or compacted to one line. Only whitespace between
    // tokens changes: key order, number spelling and escapes stay exactly as the server sent them,
    // which QJsonDocument's round trip would not keep (it sorts keys). nullopt when the text is not
    // one well-formed JSON object or array.
    static std::optional<QString> prettyJson(const QByteArray& json);
    static std::optional<QString> compactJson(const QByteArray& json);

    // A POSIX shell command fetching the task's status with curl, the credential taken from
    // $REELWATCH_API_KEY (bearer) or $REELWATCH_TOKEN (token) when the line runs. Empty when the
    // endpoint has no base URL.
    static QString curlCommand(const TaskCopySubject& subject);

    // `text` as one single-quoted POSIX shell word: nothing inside is expanded or split.
    static QString shellQuote(const QString& text);

    // The prompt on one line: each line trimmed, empty lines dropped, the rest joined by one space.
    static QString singleLine(const QString& text);
};

} // namespace Reelwatch

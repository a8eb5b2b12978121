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
    // Of the skipped, finished renders whose video only the API serves, with the key (no result link
    // for a browser): the download command is their way.
    int keyOnly = 0;
};

// Whether a task's result opens in a browser, and why not: the Open action's enabled state and its
// reason come from here.
struct BrowserLink
{
    enum class Problem
    {
        None, // `url` opens in a browser
        NotFinished, // no answer yet, or still rendering
        Failed, // the render failed: there is no result
        NeedsKey, // only the API serves the video (its content route, or a link on its own server)
        NoLink, // finished, but the server gave no link and has no route for the video
        Expired, // the link expired at `expiredAt`
    };
    Problem problem = Problem::None;
    QString url;
    qint64 expiredAt = 0; // unix seconds, for Expired
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
        DownloadCurl, // a command that downloads the video, the key only to the API
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

    // The link to the rendered video that opens in a browser: the provider's result URL when it is an
    // absolute http(s) URL off the API's own server (a link there needs the key, as the API's content
    // route does). nullopt when there is none.
    static std::optional<QString> resultLink(const TaskCopySubject& subject);
    // Whether the result can be opened in a browser at `nowSeconds`: a finished render's result link
    // that has not expired (the body's expiry, else the provider's link lifetime from completion).
    static BrowserLink browserLink(const TaskCopySubject& subject, qint64 nowSeconds);
    // "The render is not finished yet.": why browserLink() has no link, for a tooltip or the status bar.
    static QString whyNoBrowserLink(const BrowserLink& link);
    // Whether only the API serves this finished render's video (with the key): no link for a browser,
    // but a route of the provider's own or a link on the API's server.
    static bool videoNeedsKey(const TaskCopySubject& subject);

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
    // A POSIX shell command that saves a finished render's video as <ID>.mp4 in the current folder.
    // Through the API's content route: the key goes to the API alone (curl is not left to follow a
    // redirect with the credential header); the link it redirects to is fetched without it. Through
    // a public result link: a plain download. Empty when there is neither.
    static QString downloadCommand(const TaskCopySubject& subject);

    // `text` as one single-quoted POSIX shell word: nothing inside is expanded or split.
    static QString shellQuote(const QString& text);

    // The prompt on one line: each line trimmed, empty lines dropped, the rest joined by one space.
    static QString singleLine(const QString& text);
};

} // namespace Reelwatch

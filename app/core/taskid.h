#pragma once

#include "apierror.h"

#include <QString>
#include <QStringList>

namespace Reelwatch {

// A candidate ID as found in pasted text, with the label its row gave it: a table's label, title, name or
// prompt column, or the same field of a JSON object beside its ID. Empty when the text gave none.
struct TaskIdCandidate
{
    QString text;
    QString label;
};

struct TaskIdCheck
{
    bool valid = false;
    QString id; // trimmed
    ApiError problem; // why it was rejected (ErrorKind::InvalidId), when !valid
    QString reason; // problem.message()
};

// What a task ID may be: 1–256 characters of [A-Za-z0-9._:-] after trimming, and never "." or
// anything containing "..", so an ID can only ever be one harmless path segment.
class TaskId
{
public:
    static constexpr int kMaxLength = 256;

    static TaskIdCheck validate(const QString& candidate);
    // The same for IDs some providers write as a path (Gemini's "models/M/operations/ID"): one or more
    // valid IDs joined by single '/', never leading, trailing or doubled.
    static TaskIdCheck validateSegments(const QString& candidate);

    // Every candidate ID in pasted text, in order of appearance, without duplicates: plain lists
    // (lines, commas, semicolons, spaces), JSON (any "id"/"task_id"/"video_id" value or array of
    // strings; also JSON Lines and documents back to back), tables with a header row naming the ID
    // column (CSV, semicolon or tab separated), URLs that end in an ID, and video_…/task_… tokens
    // inside prose. Candidates are not validated: callers show each with its verdict. An item of a list
    // is kept whole ("video_abc$def", "hello world!"), never cut into a different ID or dropped, so its
    // verdict can say what is wrong with it; prose gives only the words that name an ID.
    static QStringList extract(const QString& text);
    // The same candidates, each with the label its table row or JSON object gives it.
    static QList<TaskIdCandidate> extractCandidates(const QString& text);
};

} // namespace Reelwatch

#pragma once

#include "taskid.h"

#include <functional>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace Reelwatch {

// What adding pasted text would do, before anything is added: every ID found in it with a verdict.
// Extraction and validation are TaskId's; this adds what only the caller knows (which IDs the chosen
// profile already tracks) and the rule for when a paste is worth opening the add dialog for.
class TaskIntake
{
    Q_DECLARE_TR_FUNCTIONS(TaskIntake)

public:
    enum class Verdict
    {
        Valid, // new to the profile: would be added
        Duplicate, // already tracked in the profile
        Invalid, // can never be sent; `reason` says why
    };

    struct Item
    {
        QString candidate; // as found in the text
        QString id; // trimmed
        Verdict verdict = Verdict::Invalid;
        QString reason; // for Duplicate and Invalid
        QString label; // what the text names it (a table's label or prompt column, a JSON object's); may be empty
    };

    struct Counts
    {
        int valid = 0;
        int duplicate = 0;
        int invalid = 0;
    };

    // Every ID in `text`, in order of first appearance, with the label the text gives it (a table's label
    // or prompt column, a JSON object's label); an ID repeated in the text is listed once.
    // `isKnown` answers for valid IDs only; an empty function knows nothing. `check` is the chosen
    // profile's ID grammar (its provider's checkId); empty: TaskId::validate.
    static QList<Item> review(const QString& text, const std::function<bool(const QString& id)>& isKnown,
                              const std::function<TaskIdCheck(const QString& candidate)>& check = {});

    static Counts count(const QList<Item>& items);
    static QStringList validIds(const QList<Item>& items);

    // Whether text (from the clipboard) is worth opening the add dialog for: at least one valid ID
    // that looks generated (8+ characters with a digit, and a letter unless it is a 12+ digit number),
    // and such IDs make up at least half of what was found. A sentence, a word, a date, a price or a
    // phone number therefore never qualifies; a list with a stray header line still does.
    static bool looksLikeTaskIds(const QString& text);
};

} // namespace Reelwatch

#pragma once

#include "pollsettings.h"

#include <QCoreApplication>
#include <QStringList>

namespace Reelwatch {

// What a profile may be, worded once: the store refuses with these words and the settings dialog
// shows them in place, so the command line, an import and the window all say the same thing.
class ProfileRules
{
    Q_DECLARE_TR_FUNCTIONS(ProfileRules)

public:
    static constexpr int kMaxNameLength = 64;

    // Whether two names name the same profile: trimmed, ignoring case in every script ("Équipe" and
    // "équipe" clash too, which SQLite's NOCASE would miss).
    static bool sameName(const QString& a, const QString& b);
    // Why `name` cannot name a profile beside `otherNames`; empty when it can.
    static QString nameProblem(const QString& name, const QStringList& otherNames);
    // Why `typed` cannot be a profile's server (ApiEndpoint::normaliseBaseUrl); empty when it can.
    static QString baseUrlProblem(const QString& typed);
    // Provider ids ("openai", "runway", an installed file's "acme"): 1–40 of a–z, 0–9, '_' and '-',
    // starting with a letter or digit. Whether the id is known is the ProviderRegistry's question.
    static bool isProviderId(const QString& id);
    static QString providerIdProblem(const QString& id);
    // Why these poll settings do not make sense together; empty when they do. (Values outside the
    // limits are clamped by PollSettings::clamped, not refused.)
    static QString pollProblem(const PollSettings& poll);
    // Why `typed` cannot be a folder for downloads: not a full path, a file, or not writable.
    // Empty when it can be; an empty text only when `emptyAllowed`.
    static QString folderProblem(const QString& typed, bool emptyAllowed);
    // Only the path rule of folderProblem(), for settings of another machine (an import), whose
    // folders may not exist here.
    static QString folderPathProblem(const QString& typed);
    // Where downloads go unless the user chose otherwise: <Movies>/Reelwatch.
    static QString defaultDownloadFolder();
};

} // namespace Reelwatch

#pragma once

#include "store/storetypes.h"

#include <QDir>

namespace Reelwatch {

// One profile as the settings dialog edits it: what was typed, until Apply or OK. A typed key lives
// here only until it is saved (and at most as long as the dialog); the stored key is never here.
struct ProfileDraft
{
    qint64 key = 0; // the profile ID, or a negative number for a profile not added yet
    qint64 id = 0; // 0 until added
    QString name;
    QString providerId = QStringLiteral("openai");
    QString baseUrl; // as typed; empty means the provider's public address where it has one
    AuthMode authMode = AuthMode::Bearer;
    PollSettings poll;
    bool autoDownload = false;
    QString autoDownloadFolder; // as typed; empty for the window's download folder
    FollowMode follow = FollowMode::Off;
    int followDays = 7;
    QString pendingKey; // typed, not yet saved
    QString keyStatus;
    bool keyStatusIsError = false;
    QString testOutcome;
    bool testConnected = false;
    bool testing = false;

    static ProfileDraft of(const Profile& profile)
    {
        ProfileDraft draft;
        draft.key = profile.id;
        draft.id = profile.id;
        draft.name = profile.name;
        draft.providerId = profile.providerId;
        draft.baseUrl = profile.baseUrl.toString();
        draft.authMode = profile.authMode;
        draft.poll = profile.poll;
        draft.autoDownload = profile.autoDownload;
        draft.autoDownloadFolder = QDir::toNativeSeparators(profile.autoDownloadFolder);
        draft.follow = profile.follow;
        draft.followDays = profile.followDays;
        return draft;
    }
};

} // namespace Reelwatch

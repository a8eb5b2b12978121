#pragma once

#include "core/apiendpoint.h"
#include "core/displaytext.h"
#include "core/fetchresult.h"
#include "core/pollsettings.h"
#include "core/tasktitle.h"

#include <optional>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace Reelwatch {

// A server Reelwatch polls, with how to authenticate and how politely to poll it. The secret is
// not here: it lives in the keychain under keychainId, which stays the same when the profile is
// renamed.
enum class FollowMode
{
    Off,
    NewRenders, // created since following began
    LastDays, // created in the last followDays days (a gap after days offline is closed)
};

// "off", "new", "days": as the store and the command line write them.
QString followModeName(FollowMode mode);
FollowMode followModeFromName(const QString& name); // Off for anything unknown

struct Profile
{
    qint64 id = 0;
    QString name;
    QUrl baseUrl;
    // The API it speaks: an id in the ProviderRegistry ("openai", "runway", an installed file's id).
    QString providerId = QStringLiteral("openai");
    AuthMode authMode = AuthMode::Bearer;
    PollSettings poll;
    bool isDefault = false;
    QString keychainId;
    // The window saves each render of this profile that it sees succeed; into autoDownloadFolder,
    // or the window's download folder when that is empty.
    bool autoDownload = false;
    QString autoDownloadFolder;
    // Following the account: renders started anywhere (a web page, a script) are added by themselves,
    // where the provider can list an account's tasks.
    FollowMode follow = FollowMode::Off;
    qint64 followSinceMs = 0; // FollowMode::NewRenders: when following began
    int followDays = 7; // FollowMode::LastDays
    static constexpr int kMinFollowDays = 1;
    static constexpr int kMaxFollowDays = 90;
    // The oldest creation time a followed render may have now; nullopt when not following.
    std::optional<qint64> followWindowStartMs(qint64 nowMs) const
    {
        switch (follow) {
        case FollowMode::Off:
            break;
        case FollowMode::NewRenders:
            return followSinceMs;
        case FollowMode::LastDays:
            return nowMs - qint64(followDays) * 24 * 3600 * 1000;
        }
        return std::nullopt;
    }
};

// A stored task's handle without its answers: which tasks there are, what the user made of them and
// whether they are still polled, cheap to read in full to follow changes made by another process.
struct TaskEntry
{
    qint64 profileId = 0;
    QString taskId;
    QString label;
    bool archived = false;
    bool gaveUp = false;
    bool finished = false; // its last status is SUCCESS or FAILURE
};

// A task as the store keeps it: the user's handle on one render.
struct StoredTask
{
    qint64 rowId = 0;
    qint64 profileId = 0;
    QString taskId;
    QString label;
    qint64 addedAtMs = 0;
    bool archived = false;
    std::optional<VideoTask> last; // the last good state; rawJson included
    ApiError lastError;
    // When the current fetch error's kind began (not found since …); 0 without one, or when not known.
    qint64 problemSinceMs = 0;
    bool gaveUp = false; // not found, or an invalid ID: no longer polled
    qint64 updatedAtMs = 0;
    bool followed = false; // added by following the account, not by hand
    // When a good answer last confirmed `last` (ms since the epoch); nullopt when it has no state. A
    // task stored before these were kept starts from the last state its history recorded (schema 6).
    std::optional<qint64> checkedAtMs;

    // When a good answer last confirmed the state: nullopt when it has none.
    std::optional<qint64> confirmedAtMs() const { return last ? checkedAtMs : std::nullopt; }

    // A good answer at `atMs` confirmed the state; a late or replayed confirmation never moves it back.
    void noteConfirmed(qint64 atMs)
    {
        if (!checkedAtMs || *checkedAtMs < atMs)
            checkedAtMs = atMs;
    }

    // A poll's fetch error: a new kind of error starts its "since", a good answer ends it.
    void noteFetchError(const ApiError& error, qint64 nowMs)
    {
        if (error.kind != lastError.kind)
            problemSinceMs = error.isError() ? nowMs : 0;
        lastError = error;
    }

    // The label, else the start of the prompt, else the ID (TaskTitle), as the window shows it (the
    // board, the details, the tray, notifications): one line, nothing a server put in it to reorder or
    // hide text (DisplayText).
    QString displayName() const
    {
        return DisplayText::line(TaskTitle::of(label, last ? last->prompt : QString(), taskId));
    }
};

// One change in a task's life, for the timeline.
struct HistoryEntry
{
    qint64 atMs = 0;
    std::optional<TaskStatus> status;
    QString rawStatus;
    std::optional<int> progress;
    QString errorCode;
    QString errorMessage;
    QString fetchErrorKind; // errorKindName(), empty when the answer was good
    ApiError fetchError; // the fetch error itself, when the answer was not good
};

} // namespace Reelwatch

Q_DECLARE_METATYPE(Reelwatch::StoredTask)

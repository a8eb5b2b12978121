#pragma once

#include "core/apiendpoint.h"
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
    bool gaveUp = false; // not found, or an invalid ID: no longer polled
    qint64 updatedAtMs = 0;

    // The label, else the start of the prompt, else the ID (TaskTitle).
    QString displayName() const { return TaskTitle::of(label, last ? last->prompt : QString(), taskId); }
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

#pragma once

#include "core/taskkey.h"
#include "core/taskupdate.h"
#include "store/storetypes.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace Reelwatch {

class ProfileManager;
class Store;

// The one way tasks change while the window runs: adding, removing (with a moment to undo),
// archiving, labelling and refreshing go through here, into the store first and then to the
// profile's poller, and every change comes out as a signal, as poll results do. Whoever shows tasks
// (the board, the tray) listens and never writes.
class TaskService : public QObject
{
    Q_OBJECT

public:
    TaskService(Store* store, ProfileManager* profiles, QObject* parent = nullptr);

    // Every stored task of every profile, archived ones too, in the store's order: what the board
    // starts from.
    QList<StoredTask> all();
    // One task as stored, with the latest answers written first; nullopt when it is not stored.
    std::optional<StoredTask> task(const TaskKey& key) const;
    QList<HistoryEntry> history(qint64 taskRowId) const;
    int countForProfile(qint64 profileId) const;

    struct AddOutcome
    {
        QStringList added; // new to the profile
        QStringList revived; // were archived, and are back on the board
        QStringList existing; // were there already (revived ones included)
        QString reviveError; // why archived ones could not come back; they are added all the same
    };
    enum class Archived
    {
        Revive, // an archived task added again comes back onto the board (adding in the window)
        Keep, // it stays archived (a script's `reelwatch add`, as when no window runs)
    };
    // Adds valid IDs to the store and starts polling them. nullopt with the reason when the store
    // refused the new tasks. `labels`: IDs with a label of their own, given in place of `label`.
    std::optional<AddOutcome> add(qint64 profileId, const QStringList& taskIds, const QString& label, QString* error,
                                  Archived archived = Archived::Revive, const QHash<QString, QString>& labels = {});

    // Takes the tasks off the board at once; they stay in the store (and are polled, so an undo shows
    // them current) until commitRemoval(). A remove still pending is made final first; should that
    // fail, `commitError` says why.
    int remove(const QList<TaskKey>& tasks, QString* commitError = nullptr);
    // Puts the tasks of the last remove() back; returns them.
    QList<StoredTask> undoRemoval();
    // Deletes the tasks of the last remove() from the store; false with the reason.
    bool commitRemoval(QString* error);
    bool hasPendingRemoval() const { return !m_pendingRemoval.isEmpty(); }

    // Archived tasks stay in the store but are not polled; unarchived ones pick up where they were.
    bool setArchived(const QList<TaskKey>& tasks, bool archived, QString* error);
    bool setLabel(const TaskKey& task, const QString& label, QString* error);

    // What refresh() could do, for the person who asked.
    struct RefreshOutcome
    {
        int asked = 0; // going out now, ahead of every task that is merely due
        int rateLimited = 0; // waiting with their profile for the server's rate limit
        qint64 rateLimitWaitMs = 0; // the longest such wait
        int notPolled = 0; // their profile does not poll (no key, paused, key rejected, offline) or archived
        QString notPolledReason; // the first such reason in words
        int finished = 0; // succeeded or failed: their status is final and not asked again
    };
    // Asks now for these tasks, ahead of every task that is merely due. Tasks given up on (not found
    // twice, say) get a fresh start, since the person asking may know the server has them by now.
    RefreshOutcome refresh(const QList<TaskKey>& tasks);
    void refreshAll();

    // Another process changed the tasks (`reelwatch add`, `remove`, `import`, a label): the store is
    // read again and the differences come out as tasksAdded, tasksRemoved and tasksChanged, with the
    // pollers following (new tasks polled, removed or archived ones no longer). Tasks whose removal
    // waits for undo stay off the board.
    void reloadFromStore();

signals:
    void tasksAdded(const QList<Reelwatch::StoredTask>& tasks);
    // A label or the archive flag changed: the tasks as they are stored now.
    void tasksChanged(const QList<Reelwatch::StoredTask>& tasks);
    void tasksRemoved(const QList<Reelwatch::TaskKey>& tasks);
    // A poll result (forwarded from the profile's poller, after the recorder has it).
    void taskUpdated(qint64 profileId, const Reelwatch::TaskUpdate& update);
    // Good answers confirmed these tasks' states at `atMs` (ms since the epoch), changed or not.
    void tasksConfirmed(qint64 profileId, const QStringList& taskIds, qint64 atMs);
    // A profile went, and every task of it with it.
    void profileRemoved(qint64 profileId);

private:
    QList<StoredTask> read(const QList<TaskKey>& tasks) const;
    void flush(qint64 profileId) const;
    void noteShown(const QList<StoredTask>& tasks);

    struct Shown
    {
        QString label;
        bool archived = false;
    };

    Store* m_store;
    ProfileManager* m_profiles;
    QList<StoredTask> m_pendingRemoval;
    // What the board has been told (the signals above), so a reload tells it only what differs.
    QHash<TaskKey, Shown> m_shown;
};

} // namespace Reelwatch

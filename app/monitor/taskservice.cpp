#include "taskservice.h"

#include "core/provider.h"
#include "profilemanager.h"
#include "profileruntime.h"
#include "store/store.h"

#include <QHash>
#include <QSet>

namespace Reelwatch {

namespace {

QHash<qint64, QStringList> byProfile(const QList<TaskKey>& tasks)
{
    QHash<qint64, QStringList> grouped;
    for (const TaskKey& task : tasks)
        grouped[task.profileId] << task.taskId;
    return grouped;
}

} // namespace

TaskService::TaskService(Store* store, ProfileManager* profiles, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_profiles(profiles)
{
    connect(profiles, &ProfileManager::taskUpdated, this, &TaskService::taskUpdated);
    connect(profiles, &ProfileManager::tasksConfirmed, this, &TaskService::tasksConfirmed);
    // Following adds tasks on its own (stored and polled already): they come onto the board as any added task.
    connect(profiles, &ProfileManager::tasksFollowed, this, [this](qint64 profileId, const QList<VideoTask>& tasks) {
        QList<TaskKey> keys;
        for (const VideoTask& task : tasks)
            keys.append({profileId, task.id});
        emit tasksAdded(read(keys));
    });
    // Kept first, before anyone else hears of a change: what the board shows, as it was told.
    connect(this, &TaskService::tasksAdded, this, &TaskService::noteShown);
    connect(this, &TaskService::tasksChanged, this, &TaskService::noteShown);
    connect(this, &TaskService::tasksRemoved, this, [this](const QList<TaskKey>& tasks) {
        for (const TaskKey& key : tasks)
            m_shown.remove(key);
    });
    connect(this, &TaskService::profileRemoved, this, [this](qint64 profileId) {
        m_shown.removeIf([profileId](const auto& shown) { return shown.key().profileId == profileId; });
    });
    for (const TaskEntry& entry : m_store->taskEntries())
        m_shown.insert({entry.profileId, entry.taskId}, Shown{entry.label, entry.archived});
    connect(profiles, &ProfileManager::profileRemoved, this, [this](qint64 profileId) {
        m_pendingRemoval.erase(
            std::remove_if(m_pendingRemoval.begin(), m_pendingRemoval.end(),
                           [profileId](const StoredTask& task) { return task.profileId == profileId; }),
            m_pendingRemoval.end());
        emit profileRemoved(profileId);
    });
}

void TaskService::flush(qint64 profileId) const
{
    if (ProfileRuntime* runtime = m_profiles->runtime(profileId))
        runtime->flush(); // the latest answers may still be waiting to be written
}

QList<StoredTask> TaskService::all()
{
    for (const Profile& profile : m_profiles->profiles())
        flush(profile.id);
    const QList<StoredTask> stored = m_store->tasks(std::nullopt, true);
    // The board starts from this: later reloads compare with it.
    m_shown.clear();
    noteShown(stored);
    return stored;
}

void TaskService::noteShown(const QList<StoredTask>& tasks)
{
    for (const StoredTask& task : tasks)
        m_shown.insert({task.profileId, task.taskId}, Shown{task.label, task.archived});
}

std::optional<StoredTask> TaskService::task(const TaskKey& key) const
{
    flush(key.profileId);
    return m_store->task(key.profileId, key.taskId);
}

QList<HistoryEntry> TaskService::history(qint64 taskRowId) const
{
    return m_store->history(taskRowId);
}

int TaskService::countForProfile(qint64 profileId) const
{
    return int(m_store->tasks(profileId).size());
}

QList<StoredTask> TaskService::read(const QList<TaskKey>& tasks) const
{
    QList<StoredTask> stored;
    for (const TaskKey& key : tasks) {
        if (std::optional<StoredTask> found = m_store->task(key.profileId, key.taskId))
            stored << *found;
    }
    return stored;
}

std::optional<TaskService::AddOutcome> TaskService::add(qint64 profileId, const QStringList& taskIds,
                                                        const QString& label, QString* error, Archived archived,
                                                        const QHash<QString, QString>& labels)
{
    ProfileRuntime* runtime = m_profiles->runtime(profileId);
    if (!runtime) {
        *error = tr("no such profile");
        return std::nullopt;
    }
    // Whoever hands IDs in (the add dialog, a script through the running window), the profile's provider
    // has the last word on its grammar: no request is ever built for an ID it would refuse.
    for (const QString& id : taskIds) {
        const TaskIdCheck check = runtime->endpoint().provider().checkId(id);
        if (!check.valid) {
            *error = tr("%1: %2").arg(id.left(80), check.reason);
            return std::nullopt;
        }
    }
    const std::optional<Store::AddOutcome> stored
        = m_store->addTasks(profileId, taskIds, label, Store::TaskSource::ByHand, error, labels);
    if (!stored)
        return std::nullopt;
    AddOutcome outcome;
    outcome.added = stored->added;
    outcome.existing = stored->existing;
    if (m_profiles->isPolling(profileId)) {
        for (const QString& id : std::as_const(outcome.added))
            runtime->poller()->addTask(id);
    }
    QList<TaskKey> added;
    for (const QString& id : std::as_const(outcome.added))
        added.append({profileId, id});
    if (!added.isEmpty())
        emit tasksAdded(read(added));

    if (archived == Archived::Keep)
        return outcome;
    // Tasks that were archived come back onto the board when added again.
    QList<TaskKey> revive;
    for (const QString& id : std::as_const(outcome.existing)) {
        const std::optional<StoredTask> existing = m_store->task(profileId, id);
        if (existing && existing->archived)
            revive.append({profileId, id});
    }
    if (!revive.isEmpty()) {
        if (setArchived(revive, false, &outcome.reviveError)) {
            for (const TaskKey& key : std::as_const(revive))
                outcome.revived << key.taskId;
        }
    }
    return outcome;
}

int TaskService::remove(const QList<TaskKey>& tasks, QString* commitError)
{
    QString failure;
    // A second removal inside the undo window makes the first one final.
    if (!commitRemoval(&failure) && commitError)
        *commitError = failure;
    for (const TaskKey& key : tasks)
        flush(key.profileId);
    m_pendingRemoval = read(tasks);
    QList<TaskKey> removed;
    for (const StoredTask& task : std::as_const(m_pendingRemoval))
        removed.append({task.profileId, task.taskId});
    if (!removed.isEmpty())
        emit tasksRemoved(removed);
    return int(removed.size());
}

QList<StoredTask> TaskService::undoRemoval()
{
    QList<StoredTask> restored;
    for (const StoredTask& removed : std::as_const(m_pendingRemoval)) {
        // Whichever is newer: the store has the answers that came in meanwhile, unless writing them failed.
        const std::optional<StoredTask> current = task({removed.profileId, removed.taskId});
        if (current)
            restored << (current->updatedAtMs >= removed.updatedAtMs ? *current : removed);
    }
    m_pendingRemoval.clear();
    if (!restored.isEmpty())
        emit tasksAdded(restored);
    return restored;
}

bool TaskService::commitRemoval(QString* error)
{
    if (m_pendingRemoval.isEmpty())
        return true;
    QList<TaskKey> keys;
    for (const StoredTask& task : std::as_const(m_pendingRemoval))
        keys.append({task.profileId, task.taskId});
    m_pendingRemoval.clear();
    bool ok = true;
    const QHash<qint64, QStringList> grouped = byProfile(keys);
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
        flush(it.key()); // pending writes for these tasks must not resurrect them
        if (m_store->removeTasks(it.key(), it.value(), error) < 0) {
            ok = false;
            continue;
        }
        if (Poller* poller = m_profiles->poller(it.key())) {
            for (const QString& id : it.value())
                poller->removeTask(id);
        }
        if (ProfileRuntime* runtime = m_profiles->runtime(it.key())) {
            for (const QString& id : it.value())
                runtime->noteRemoved(id);
        }
    }
    return ok;
}

bool TaskService::setArchived(const QList<TaskKey>& tasks, bool archived, QString* error)
{
    const QHash<qint64, QStringList> grouped = byProfile(tasks);
    // What was written is told even when a later profile fails, so the board stays what the store says.
    QList<TaskKey> changed;
    const auto tell = [this, &changed] {
        if (!changed.isEmpty())
            emit tasksChanged(read(changed));
    };
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
        if (!m_profiles->runtime(it.key())) {
            *error = tr("no such profile");
            tell();
            return false;
        }
        flush(it.key());
        if (!m_store->setArchived(it.key(), it.value(), archived, error)) {
            tell();
            return false;
        }
        for (const QString& id : it.value())
            changed.append({it.key(), id});
        if (!m_profiles->isPolling(it.key()))
            continue; // polling starts with the key, from the store's unarchived tasks
        Poller* poller = m_profiles->poller(it.key());
        for (const QString& id : it.value()) {
            if (archived) {
                poller->removeTask(id);
            } else if (const std::optional<StoredTask> stored = m_store->task(it.key(), id);
                       stored && !stored->gaveUp) {
                poller->addTask(id, stored->last);
            }
        }
    }
    tell();
    return true;
}

bool TaskService::setLabel(const TaskKey& task, const QString& label, QString* error)
{
    if (!m_store->setLabel(task.profileId, task.taskId, label, error))
        return false;
    emit tasksChanged(read({task}));
    return true;
}

TaskService::RefreshOutcome TaskService::refresh(const QList<TaskKey>& tasks)
{
    RefreshOutcome outcome;
    const auto notPolled = [&outcome](const QString& reason) {
        ++outcome.notPolled;
        if (outcome.notPolledReason.isEmpty())
            outcome.notPolledReason = reason;
    };
    for (const TaskKey& key : tasks) {
        Poller* poller = m_profiles->poller(key.profileId);
        if (!poller || !m_profiles->isPolling(key.profileId)) {
            notPolled(tr("the profile has no key"));
            continue;
        }
        const std::optional<StoredTask> stored = m_store->task(key.profileId, key.taskId);
        if (!stored)
            continue;
        if (stored->archived) {
            notPolled(tr("archived tasks are not polled"));
            continue;
        }
        if (stored->gaveUp) {
            poller->removeTask(key.taskId);
            poller->addTask(key.taskId, stored->last);
        } else if (stored->last && isTerminal(stored->last->status)) {
            ++outcome.finished;
            continue;
        }
        poller->refreshNow(key.taskId);
        switch (poller->state()) {
        case ProfileState::Polling:
            ++outcome.asked;
            break;
        case ProfileState::RateLimited:
            ++outcome.rateLimited;
            outcome.rateLimitWaitMs = std::max(outcome.rateLimitWaitMs, poller->msUntilRequestPossible().value_or(0));
            break;
        case ProfileState::Paused:
            notPolled(tr("polling is paused"));
            break;
        case ProfileState::KeyRejected:
            notPolled(tr("the server rejected the key"));
            break;
        case ProfileState::Offline:
            notPolled(tr("the computer is offline"));
            break;
        }
    }
    return outcome;
}

void TaskService::reloadFromStore()
{
    QSet<TaskKey> waiting; // removed on the board, in the store until the undo time is over
    for (const StoredTask& task : std::as_const(m_pendingRemoval))
        waiting.insert({task.profileId, task.taskId});
    QHash<TaskKey, TaskEntry> present;
    QList<TaskKey> added;
    QList<TaskKey> changed;
    for (const TaskEntry& entry : m_store->taskEntries()) {
        const TaskKey key{entry.profileId, entry.taskId};
        // A profile added elsewhere is not one the window polls yet: its tasks come with it.
        if (waiting.contains(key) || !m_profiles->runtime(entry.profileId))
            continue;
        present.insert(key, entry);
        const auto shown = m_shown.constFind(key);
        if (shown == m_shown.constEnd())
            added << key;
        else if (shown->label != entry.label || shown->archived != entry.archived)
            changed << key;
    }
    QList<TaskKey> removed;
    for (auto it = m_shown.cbegin(); it != m_shown.cend(); ++it) {
        if (!present.contains(it.key()) && !waiting.contains(it.key()))
            removed << it.key();
    }

    // The pollers follow the store: removed and archived tasks are no longer asked for, new and
    // unarchived ones are (unless finished or given up on, as at start).
    for (const TaskKey& key : std::as_const(removed)) {
        if (Poller* poller = m_profiles->poller(key.profileId))
            poller->removeTask(key.taskId);
        if (ProfileRuntime* runtime = m_profiles->runtime(key.profileId))
            runtime->noteRemoved(key.taskId);
    }
    for (const QList<TaskKey>* keys : {&added, &changed}) {
        for (const TaskKey& key : *keys) {
            const TaskEntry& entry = present[key];
            if (!m_profiles->isPolling(key.profileId))
                continue;
            Poller* poller = m_profiles->poller(key.profileId);
            if (entry.archived) {
                poller->removeTask(key.taskId);
            } else if (!entry.gaveUp) {
                const std::optional<StoredTask> stored = m_store->task(key.profileId, key.taskId);
                poller->addTask(key.taskId, stored ? stored->last : std::nullopt);
            }
        }
    }
    if (!removed.isEmpty())
        emit tasksRemoved(removed);
    if (!added.isEmpty())
        emit tasksAdded(read(added));
    if (!changed.isEmpty())
        emit tasksChanged(read(changed));
}

void TaskService::refreshAll()
{
    for (const Profile& profile : m_profiles->profiles()) {
        if (Poller* poller = m_profiles->poller(profile.id))
            poller->refreshAllNow();
    }
}

} // namespace Reelwatch

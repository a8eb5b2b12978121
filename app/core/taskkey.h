#pragma once

#include <QHash>
#include <QMetaType>
#include <QString>

namespace Reelwatch {

// A task, across profiles.
struct TaskKey
{
    qint64 profileId = 0;
    QString taskId;

    bool operator==(const TaskKey& other) const { return profileId == other.profileId && taskId == other.taskId; }
    bool operator!=(const TaskKey& other) const { return !(*this == other); }
};

inline size_t qHash(const TaskKey& key, size_t seed = 0)
{
    return qHashMulti(seed, key.profileId, key.taskId);
}

} // namespace Reelwatch

Q_DECLARE_METATYPE(Reelwatch::TaskKey)

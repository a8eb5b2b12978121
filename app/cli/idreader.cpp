#include "idreader.h"

#include "idinput.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace Reelwatch {

struct IdReader::Shared
{
    std::unique_ptr<IdInput> input;
    size_t readAhead = 1;
    std::mutex mutex;
    std::condition_variable room;
    std::deque<QString> ids;
    bool ended = false;
    IdReader* owner = nullptr; // null once the reader is gone: nobody to tell any more
    std::thread thread;
};

IdReader::IdReader(std::unique_ptr<IdInput> input, int readAhead, QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->input = std::move(input);
    m_shared->readAhead = size_t(std::max(1, readAhead));
    m_shared->owner = this;
}

IdReader::~IdReader()
{
    std::unique_lock<std::mutex> lock(m_shared->mutex);
    m_shared->owner = nullptr;
    lock.unlock();
    m_shared->room.notify_all();
    if (!m_shared->thread.joinable())
        return;
    lock.lock();
    const bool ended = m_shared->ended;
    lock.unlock();
    // Ended: joining is immediate. Otherwise it may be blocked in a read that never returns.
    if (ended)
        m_shared->thread.join();
    else
        m_shared->thread.detach();
}

void IdReader::start()
{
    std::shared_ptr<Shared> shared = m_shared;
    m_shared->thread = std::thread([shared] {
        for (;;) {
            std::optional<QString> id = shared->input->next();
            std::unique_lock<std::mutex> lock(shared->mutex);
            if (id) {
                shared->room.wait(lock, [&] { return shared->ids.size() < shared->readAhead || !shared->owner; });
                if (!shared->owner)
                    return;
                shared->ids.push_back(std::move(*id));
            } else {
                shared->ended = true;
            }
            // Told when there was nothing to take (whoever takes goes on while there is), under the lock
            // so the reader cannot go away meanwhile; a queued emit only posts an event.
            if (shared->owner && (!id || shared->ids.size() == 1))
                emit shared->owner->available();
            if (!id)
                return;
        }
    });
}

std::optional<QString> IdReader::take()
{
    std::unique_lock<std::mutex> lock(m_shared->mutex);
    if (m_shared->ids.empty())
        return std::nullopt;
    std::optional<QString> id = std::move(m_shared->ids.front());
    m_shared->ids.pop_front();
    lock.unlock();
    m_shared->room.notify_one();
    return id;
}

bool IdReader::atEnd() const
{
    const std::lock_guard<std::mutex> lock(m_shared->mutex);
    return m_shared->ended && m_shared->ids.empty();
}

} // namespace Reelwatch

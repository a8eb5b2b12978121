#pragma once

#include <memory>
#include <optional>
#include <QObject>

namespace Reelwatch {

class IdInput;

// Reads an IdInput on a thread of its own, at most `readAhead` IDs ahead of what has been taken, so a
// command goes on answering the IDs it has while standard input is still on its way (a person typing,
// a slow pipe), and memory holds a few IDs whatever the size of the input.
class IdReader : public QObject
{
    Q_OBJECT

public:
    IdReader(std::unique_ptr<IdInput> input, int readAhead, QObject* parent = nullptr);
    // A thread still blocked in a read nobody waits for any more is left to end with the process; it
    // owns what it uses, so nothing it touches goes away under it.
    ~IdReader() override;

    void start();
    // The next ID read, or nullopt when none is there yet (or none will come: see atEnd()).
    std::optional<QString> take();
    // Every ID has been read and taken.
    bool atEnd() const;

signals:
    // An ID was read when none was waiting to be taken, or the input ended (emitted from the reading
    // thread, so connected queued).
    void available();

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
};

} // namespace Reelwatch

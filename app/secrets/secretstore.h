#pragma once

#include <functional>
#include <QByteArray>
#include <QObject>
#include <QString>

namespace Reelwatch {

struct SecretResult
{
    enum class Status
    {
        Ok,
        NotFound, // the keychain works, but holds nothing for this profile
        Unavailable, // no keychain backend: no Secret Service on the bus, no KWallet, …
        Denied, // locked, or the user refused
        Failed, // anything else
    };

    Status status = Status::Failed;
    QByteArray secret; // only for Ok reads
    QString message; // for people: what is wrong and how to fix it; never contains a secret

    bool ok() const { return status == Status::Ok; }
};

// Where API keys and tokens live: one entry per profile, keyed by the profile's keychain ID.
// Implementations answer asynchronously on the calling thread. Never falls back to plaintext.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const SecretResult&)>;

    using QObject::QObject;

    virtual void read(const QString& account, Callback done) = 0;
    virtual void write(const QString& account, const QByteArray& secret, Callback done) = 0;
    virtual void remove(const QString& account, Callback done) = 0;
    // A short name for messages: "the system keychain", "memory (this session only)".
    virtual QString description() const = 0;

    // Blocking helpers for the command line: run a local event loop until the answer is in.
    SecretResult readNow(const QString& account);
    SecretResult writeNow(const QString& account, const QByteArray& secret);
    SecretResult removeNow(const QString& account);
};

} // namespace Reelwatch

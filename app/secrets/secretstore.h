#pragma once

#include <functional>
#include <QByteArray>
#include <QCoreApplication>
#include <QObject>
#include <QString>

namespace Reelwatch {

struct SecretResult
{
    Q_DECLARE_TR_FUNCTIONS(SecretResult)

public:
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
    // For people: one plain sentence saying what is wrong and how to fix it, written here and nowhere
    // else, so whoever shows it adds no second version of it. Never a secret, a D-Bus name or a
    // keyring library's own words.
    QString message;

    bool ok() const { return status == Status::Ok; }

    // Every answer but Ok, in its words.
    static SecretResult notFound(); // "No key is stored for this profile."
    static SecretResult noKeyring(); // Unavailable: no Secret Service, KWallet or other keyring answers
    static SecretResult cancelled(); // Denied: the user dismissed the keyring's prompt
    static SecretResult locked(); // Denied: the keyring is locked, or refused for another reason
    static SecretResult notDeleted(); // Failed
    static SecretResult failed(); // Failed, for a reason the keyring did not name
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
    // Whether a key written here outlives this run (the system keychain), or is held in memory and
    // forgotten when Reelwatch quits (the demo's store): the window's words about keys follow it.
    virtual bool isSystemKeychain() const { return false; }

    // Blocking helpers for the command line: run a local event loop until the answer is in.
    SecretResult readNow(const QString& account);
    SecretResult writeNow(const QString& account, const QByteArray& secret);
    SecretResult removeNow(const QString& account);
};

} // namespace Reelwatch

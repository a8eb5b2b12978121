#pragma once

#include "secretstore.h"

#include <QHash>

namespace Reelwatch {

// Secrets held in this process only: the fake for tests, and the "use this key for this session
// only" choice when no keychain exists. Nothing is ever written anywhere.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT

public:
    using SecretStore::SecretStore;

    void read(const QString& account, Callback done) override;
    void write(const QString& account, const QByteArray& secret, Callback done) override;
    void remove(const QString& account, Callback done) override;
    QString description() const override;
    bool isSystemKeychain() const override { return m_systemKeychainStandIn; }

    // Tests: make every call fail as a missing keychain would.
    void setUnavailable(bool unavailable) { m_unavailable = unavailable; }
    // Tests: stand in for the system keychain, and be described as it.
    void setSystemKeychainStandIn(bool standIn) { m_systemKeychainStandIn = standIn; }

private:
    void answer(Callback done, SecretResult result);

    QHash<QString, QByteArray> m_secrets;
    bool m_unavailable = false;
    bool m_systemKeychainStandIn = false;
};

} // namespace Reelwatch

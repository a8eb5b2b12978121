#pragma once

#include "secretstore.h"

namespace Reelwatch {

// The system keychain through QtKeychain: Secret Service (GNOME Keyring, KWallet) on Linux,
// Keychain on macOS, Credential Manager on Windows. Service name "reelwatch"; one entry per
// profile. QtKeychain's plaintext fallback stays off.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT

public:
    static constexpr const char* kService = "reelwatch";

    using SecretStore::SecretStore;

    void read(const QString& account, Callback done) override;
    void write(const QString& account, const QByteArray& secret, Callback done) override;
    void remove(const QString& account, Callback done) override;
    QString description() const override;

    // A keychain that is slow to appear at login (the session's Secret Service starting after the
    // app) is asked once more after this delay; 0 asks only once (the CLI).
    void setRetryDelayMs(int delayMs) { m_retryDelayMs = delayMs; }

    // How a missing keychain is explained to people, shared with the UI.
    static QString unavailableMessage(const QString& detail);

private:
    void readAttempt(const QString& account, Callback done, bool mayRetry);

    int m_retryDelayMs = 0;
};

} // namespace Reelwatch

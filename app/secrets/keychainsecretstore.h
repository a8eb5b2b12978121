#pragma once

#include "secretstore.h"

#include <qt6keychain/keychain.h>

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
    bool isSystemKeychain() const override { return true; }

    // A keychain that is slow to appear at login (the session's Secret Service starting after the
    // app) is asked once more after this delay; 0 asks only once (the CLI).
    void setRetryDelayMs(int delayMs) { m_retryDelayMs = delayMs; }

    // What a QtKeychain answer means, in the one place that reads them: each error code, and the
    // OtherError texts of a missing Secret Service, a dismissed prompt or a locked keyring, as a
    // SecretResult with its plain sentence. QtKeychain's own text (`detail`: D-Bus names, object paths,
    // "Could not open wallet: …") only helps tell those apart; it is never shown.
    static SecretResult resultFor(QKeychain::Error error, const QString& detail);

private:
    void readAttempt(const QString& account, Callback done, bool mayRetry);

    int m_retryDelayMs = 0;
};

} // namespace Reelwatch

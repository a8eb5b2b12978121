#include "keychainsecretstore.h"

#include "core/secretredactor.h"

#include <qt6keychain/keychain.h>
#include <QTimer>

namespace Reelwatch {

namespace {

// QtKeychain reports a missing Secret Service as OtherError with the D-Bus message; recognise it.
bool soundsUnavailable(const QString& detail)
{
    static const char* const markers[] = {"org.freedesktop.secrets",
                                          "ServiceUnknown",
                                          "not provided by any",
                                          "Cannot autolaunch",
                                          "No such interface",
                                          "DBus",
                                          "D-Bus",
                                          "kwalletd",
                                          "No keychain service"};
    for (const char* marker : markers) {
        if (detail.contains(QLatin1String(marker), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

SecretResult resultOf(QKeychain::Job* job)
{
    const QString detail = SecretRedactor::redact(job->errorString());
    switch (job->error()) {
    case QKeychain::NoError:
        return {SecretResult::Status::Ok, {}, QString()};
    case QKeychain::EntryNotFound:
        return {SecretResult::Status::NotFound, {}, QStringLiteral("no key is stored for this profile")};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {SecretResult::Status::Denied,
                {},
                QStringLiteral("the keychain refused access (%1); unlock it and try again").arg(detail)};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {SecretResult::Status::Unavailable, {}, KeychainSecretStore::unavailableMessage(detail)};
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    if (soundsUnavailable(detail))
        return {SecretResult::Status::Unavailable, {}, KeychainSecretStore::unavailableMessage(detail)};
    return {SecretResult::Status::Failed, {}, QStringLiteral("the keychain failed: %1").arg(detail)};
}

template <typename JobType> JobType* makeJob(const QString& account, QObject* parent)
{
    auto* job = new JobType(QString::fromLatin1(KeychainSecretStore::kService), parent);
    job->setKey(account);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file
    return job;
}

} // namespace

QString KeychainSecretStore::unavailableMessage(const QString& detail)
{
    return QStringLiteral("no system keychain is available (%1). Reelwatch keeps keys only in the system keychain, "
                          "never in a plain "
                          "file: install and start a Secret Service such as GNOME Keyring (package gnome-keyring) or "
                          "KWallet, unlock "
                          "it, and try again; or set REELWATCH_API_KEY / REELWATCH_TOKEN for a single run")
        .arg(detail.isEmpty() ? QStringLiteral("no Secret Service answered") : detail);
}

QString KeychainSecretStore::description() const
{
    return tr("the system keychain");
}

void KeychainSecretStore::read(const QString& account, Callback done)
{
    readAttempt(account, std::move(done), m_retryDelayMs > 0);
}

void KeychainSecretStore::readAttempt(const QString& account, Callback done, bool mayRetry)
{
    auto* job = makeJob<QKeychain::ReadPasswordJob>(account, this);
    connect(job, &QKeychain::Job::finished, this,
            [this, account, done = std::move(done), mayRetry](QKeychain::Job* finished) {
                SecretResult result = resultOf(finished);
                if (result.status == SecretResult::Status::Unavailable && mayRetry) {
                    QTimer::singleShot(m_retryDelayMs, this,
                                       [this, account, done] { readAttempt(account, done, false); });
                    return;
                }
                if (result.ok())
                    result.secret = static_cast<QKeychain::ReadPasswordJob*>(finished)->binaryData();
                done(result);
            });
    job->start();
}

void KeychainSecretStore::write(const QString& account, const QByteArray& secret, Callback done)
{
    auto* job = makeJob<QKeychain::WritePasswordJob>(account, this);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job* finished) { done(resultOf(finished)); });
    job->start();
}

void KeychainSecretStore::remove(const QString& account, Callback done)
{
    auto* job = makeJob<QKeychain::DeletePasswordJob>(account, this);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job* finished) { done(resultOf(finished)); });
    job->start();
}

} // namespace Reelwatch

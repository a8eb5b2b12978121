#include "keychainsecretstore.h"

#include <QTimer>

namespace Reelwatch {

namespace {

bool mentionsAny(const QString& detail, std::initializer_list<const char*> markers)
{
    for (const char* marker : markers) {
        if (detail.contains(QLatin1String(marker), Qt::CaseInsensitive))
            return true;
    }
    return false;
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

SecretResult KeychainSecretStore::resultFor(QKeychain::Error error, const QString& detail)
{
    switch (error) {
    case QKeychain::NoError:
        return {SecretResult::Status::Ok, {}, QString()};
    case QKeychain::EntryNotFound:
        return SecretResult::notFound();
    case QKeychain::AccessDeniedByUser:
        return SecretResult::cancelled();
    case QKeychain::AccessDenied:
        return SecretResult::locked();
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretResult::noKeyring();
    case QKeychain::CouldNotDeleteEntry:
        return SecretResult::notDeleted();
    case QKeychain::OtherError:
        break;
    }
    // QtKeychain reports a missing Secret Service, a dismissed prompt and a locked collection all as
    // OtherError, with the words of D-Bus, libsecret or GNOME Keyring. The prompt's outcome first: a
    // D-Bus error name such as org.freedesktop.DBus.Error.AccessDenied mentions D-Bus too, and means a
    // keyring that is there but said no.
    if (mentionsAny(detail, {"cancel", "dismiss"}))
        return SecretResult::cancelled();
    if (mentionsAny(detail, {"locked", "denied"}))
        return SecretResult::locked();
    if (mentionsAny(detail,
                    {"org.freedesktop.secrets", "ServiceUnknown", "not provided by any", "Cannot autolaunch",
                     "No such interface", "DBus", "D-Bus", "kwalletd", "No keychain service", "No keyring daemon"}))
        return SecretResult::noKeyring();
    return SecretResult::failed();
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
                SecretResult result = resultFor(finished->error(), finished->errorString());
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
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job* finished) {
        done(resultFor(finished->error(), finished->errorString()));
    });
    job->start();
}

void KeychainSecretStore::remove(const QString& account, Callback done)
{
    auto* job = makeJob<QKeychain::DeletePasswordJob>(account, this);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job* finished) {
        done(resultFor(finished->error(), finished->errorString()));
    });
    job->start();
}

} // namespace Reelwatch

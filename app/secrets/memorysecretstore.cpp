#include "memorysecretstore.h"

#include <QTimer>

namespace Reelwatch {

void MemorySecretStore::answer(Callback done, SecretResult result)
{
    // Asynchronous like a real keychain, so callers cannot come to rely on an immediate answer.
    QTimer::singleShot(0, this, [done = std::move(done), result] { done(result); });
}

void MemorySecretStore::read(const QString& account, Callback done)
{
    if (m_unavailable)
        return answer(std::move(done), SecretResult::noKeyring());
    const auto it = m_secrets.constFind(account);
    if (it == m_secrets.constEnd())
        return answer(std::move(done), SecretResult::notFound());
    answer(std::move(done), {SecretResult::Status::Ok, *it, QString()});
}

void MemorySecretStore::write(const QString& account, const QByteArray& secret, Callback done)
{
    if (m_unavailable)
        return answer(std::move(done), SecretResult::noKeyring());
    m_secrets.insert(account, secret);
    answer(std::move(done), {SecretResult::Status::Ok, {}, QString()});
}

void MemorySecretStore::remove(const QString& account, Callback done)
{
    if (m_unavailable)
        return answer(std::move(done), SecretResult::noKeyring());
    const bool existed = m_secrets.remove(account) > 0;
    answer(std::move(done), existed ? SecretResult{SecretResult::Status::Ok, {}, QString()} : SecretResult::notFound());
}

QString MemorySecretStore::description() const
{
    return tr("memory (this session only)");
}

} // namespace Reelwatch

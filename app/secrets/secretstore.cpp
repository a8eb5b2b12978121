#include "secretstore.h"

#include <QEventLoop>

namespace Reelwatch {

namespace {

SecretResult waitFor(const std::function<void(SecretStore::Callback)>& start)
{
    SecretResult result;
    bool finished = false;
    QEventLoop loop;
    start([&](const SecretResult& answer) {
        result = answer;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

} // namespace

SecretResult SecretResult::notFound()
{
    return {Status::NotFound, {}, tr("No key is stored for this profile.")};
}

SecretResult SecretResult::noKeyring()
{
    return {Status::Unavailable, {}, tr("No keyring service is running: install GNOME Keyring or KWallet.")};
}

SecretResult SecretResult::cancelled()
{
    return {Status::Denied, {}, tr("You cancelled the keyring prompt.")};
}

SecretResult SecretResult::locked()
{
    return {Status::Denied, {}, tr("The keyring is locked or refused access: unlock it and try again.")};
}

SecretResult SecretResult::notDeleted()
{
    return {Status::Failed, {}, tr("The keyring could not delete the key.")};
}

SecretResult SecretResult::failed()
{
    return {Status::Failed,
            {},
            tr("The keyring failed without saying why: check that it runs and is unlocked, "
               "then try again.")};
}

SecretResult SecretStore::readNow(const QString& account)
{
    return waitFor([&](Callback done) { read(account, std::move(done)); });
}

SecretResult SecretStore::writeNow(const QString& account, const QByteArray& secret)
{
    return waitFor([&](Callback done) { write(account, secret, std::move(done)); });
}

SecretResult SecretStore::removeNow(const QString& account)
{
    return waitFor([&](Callback done) { remove(account, std::move(done)); });
}

} // namespace Reelwatch

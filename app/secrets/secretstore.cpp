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

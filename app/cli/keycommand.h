#pragma once

#include <QStringList>

namespace Reelwatch {

// `reelwatch key set|status|delete [--profile P]`: the profile's key or token in the system keychain.
class KeyCommand
{
public:
    static int run(const QStringList& arguments);
    // Reads one secret line from standard input without echo on a terminal; trims the newline.
    static QByteArray readSecret(const QString& prompt, QString* error);
};

} // namespace Reelwatch

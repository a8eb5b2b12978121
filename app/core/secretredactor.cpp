#include "secretredactor.h"

#include <QRegularExpression>

namespace Reelwatch {

QString SecretRedactor::redact(const QString& text, const QByteArray& secret)
{
    if (text.isEmpty())
        return text; // the common case (an error without the server's words): nothing to look through
    QString result = text;
    // Short secrets would match ordinary words; the key-shaped pattern below still covers them.
    if (secret.size() >= 8)
        result.replace(QString::fromUtf8(secret), QStringLiteral("[redacted]"));
    static const QRegularExpression keyShaped(
        QStringLiteral("\\b(?:sk|rk|pk|sess)-[A-Za-z0-9_*\\-]{4,}|\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_.\\-]+"));
    result.replace(keyShaped, QStringLiteral("[redacted]"));
    return result;
}

} // namespace Reelwatch

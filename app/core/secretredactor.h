#pragma once

#include <QByteArray>
#include <QString>

namespace Reelwatch {

// Last line of defence for text that may quote a credential back at us (a server's 401 message
// echoing a masked key, an exception string): removes the secret itself and anything shaped like an
// API key before the text reaches a log, a terminal or a dialog.
class SecretRedactor
{
public:
    static QString redact(const QString& text, const QByteArray& secret = QByteArray());
};

} // namespace Reelwatch

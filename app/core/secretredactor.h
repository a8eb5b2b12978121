#pragma once

#include "videotask.h"

#include <QByteArray>
#include <QString>

namespace Reelwatch {

// The line of defence for text a server (or a library) may quote a credential back in: a 401
// message echoing a masked key, a prompt or a link a server filled with the key it was sent, an
// exception string. Every string a server's answer brings goes through here before anything prints,
// stores, copies or shows it (VideoApi and the Downloader see to that).
class SecretRedactor
{
public:
    // The secret itself and anything shaped like an API key (sk-…, a JWT), also masked ("sk-te****cdef").
    static QString redact(const QString& text, const QByteArray& secret = QByteArray());
    // Only the secret itself, as it is or percent-encoded: for links and task IDs, whose key-shaped parts
    // are the server's own (a storage host's signed link carries a token of its own, Runway's `_jwt=eyJ…`)
    // and must stay whole for the link or the ID to work.
    static QString redactSecret(const QString& text, const QByteArray& secret);
    // A server's JSON answer as it is kept (the store, the details pane, copy and export): every string
    // and every member name in it redacted, links as links. It is read, not searched, so an escape
    // ("\u0073k-…", "\/") cannot hide the secret. The bytes come back as they were when nothing had to
    // go; otherwise as compact JSON. Text that is not JSON is redacted as text.
    static QByteArray redactJson(const QByteArray& json, const QByteArray& secret);
    // Every string of a task as a server described it, its raw JSON included.
    static VideoTask redactTask(VideoTask task, const QByteArray& secret);
};

} // namespace Reelwatch

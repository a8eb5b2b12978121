#include "qtestprinters.h"

#include <QByteArray>

namespace Reelwatch {

char* toString(TaskStatus status)
{
    return qstrdup(statusWireName(status).toUtf8().constData());
}

char* toString(ErrorKind kind)
{
    const QString name = errorKindName(kind);
    return qstrdup(name.isEmpty() ? "none" : name.toUtf8().constData());
}

char* toString(ErrorReason reason)
{
    const QString name = errorReasonName(reason);
    return qstrdup(name.isEmpty() ? "none" : name.toUtf8().constData());
}

} // namespace Reelwatch

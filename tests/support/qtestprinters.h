#pragma once

// How QCOMPARE prints Reelwatch's enums when a comparison fails: "SUCCESS", "not_found", "key_rejected"
// instead of bare numbers. Found by argument-dependent lookup, so they live beside the types.

#include "core/apierror.h"
#include "core/taskstatus.h"

#include <QMetaType>

namespace Reelwatch {

char* toString(TaskStatus status);
char* toString(ErrorKind kind);
char* toString(ErrorReason reason);

} // namespace Reelwatch

Q_DECLARE_METATYPE(Reelwatch::TaskStatus)
Q_DECLARE_METATYPE(Reelwatch::ErrorKind)

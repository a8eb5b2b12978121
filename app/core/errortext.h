#pragma once

#include "apierror.h"

#include <QCoreApplication>

namespace Reelwatch {

// The one place an ApiError becomes words. Every sentence goes through tr(), so the window shows it
// in the user's language; the command line installs no translator and prints the English, which
// scripts and the tests read.
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    static QString describe(const ApiError& error);
    // "; the 12.3 MB received so far are kept in PATH and the next download resumes from there".
    static QString partKept(qint64 bytes, const QString& partPath);
    // "the server asked to wait 24 h; Reelwatch waits at most 10 min": a Retry-After beyond the cap.
    static QString serverWaitCut(qint64 askedMs, qint64 capMs);
    // "45 s", "1.5 min", "24 h".
    static QString duration(qint64 ms);
    // How a character refused in a task ID is named: "a space", "'/'", "a control character (U+0007)".
    static QString character(const QString& character);
};

} // namespace Reelwatch

#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace Reelwatch {

// Installs the translations bundled under ":/i18n": the user's UI language when a
// reelwatch_<lang>.qm exists for it, on top of reelwatch_en.qm, the English singular and plural
// forms of every "%n task(s)" string, which Qt would otherwise print as written. A string the
// user's language lacks thus still reads "1 task" / "6 tasks". Calling it again replaces the
// translators it installed before. Call it right after the QApplication is created.
void installTranslations(QCoreApplication* app);

// The same for a given locale instead of the user's; returns the resource paths of the installed
// .qm files, the one searched first at the front (empty when the build bundled none).
QStringList installTranslationsFor(QCoreApplication* app, const QLocale& locale);

} // namespace Reelwatch

#include "translations.h"

#include <memory>
#include <QCoreApplication>
#include <QTranslator>

namespace Reelwatch {

namespace {

// The .qm files are compiled from resources/translations/*.ts by ui/CMakeLists.txt.
const QString kDirectory = QStringLiteral(":/i18n");
const QString kBaseName = QStringLiteral("reelwatch");
const QString kEnglishFile = QStringLiteral(":/i18n/reelwatch_en.qm");
// Marks the translators installed here, so a second call can find and replace them.
const QString kTranslatorName = QStringLiteral("reelwatchTranslator");

void removeInstalled(QCoreApplication* app)
{
    const QList<QTranslator*> installed = app->findChildren<QTranslator*>(kTranslatorName, Qt::FindDirectChildrenOnly);
    for (QTranslator* translator : installed) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

bool install(QCoreApplication* app, std::unique_ptr<QTranslator> translator)
{
    translator->setObjectName(kTranslatorName);
    if (!QCoreApplication::installTranslator(translator.get()))
        return false;
    translator.release()->setParent(app);
    return true;
}

} // namespace

void installTranslations(QCoreApplication* app)
{
    installTranslationsFor(app, QLocale());
}

QStringList installTranslationsFor(QCoreApplication* app, const QLocale& locale)
{
    removeInstalled(app);
    QStringList installed;

    // English first: Qt searches the translator installed last first, so the user's language
    // wins wherever it has a string and the English plural forms answer for the rest.
    auto english = std::make_unique<QTranslator>();
    if (english->load(kEnglishFile) && install(app, std::move(english)))
        installed.prepend(kEnglishFile);

    // Tries reelwatch_<lang>_<REGION>.qm, then reelwatch_<lang>.qm, for each of the locale's UI
    // languages in order. An English locale finds the English file again: nothing more to do.
    auto localized = std::make_unique<QTranslator>();
    if (localized->load(locale, kBaseName, QStringLiteral("_"), kDirectory) && localized->filePath() != kEnglishFile) {
        const QString path = localized->filePath();
        if (install(app, std::move(localized)))
            installed.prepend(path);
    }
    return installed;
}

} // namespace Reelwatch

#include "core/taskcopy.h"
#include "ui/shell/translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using Reelwatch::installTranslations;
using Reelwatch::installTranslationsFor;
using Reelwatch::TaskCopy;
using Reelwatch::TaskCopyResult;

namespace {

const QString kEnglishQm = QStringLiteral(":/i18n/reelwatch_en.qm");
const QString kEnglishTs = QStringLiteral(REELWATCH_SOURCE_DIR "/resources/translations/reelwatch_en.ts");

// One numerus message of a .ts file.
struct Numerus
{
    QStringList forms;
    bool finished = false;
};

// (context, source) -> forms of every numerus message in a .ts file.
using NumerusTable = QHash<QPair<QString, QString>, Numerus>;

NumerusTable readNumerus(const QString& path, QString* error)
{
    NumerusTable table;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return table;
    }
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    bool numerus = false;
    Numerus current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            if (numerus)
                table.insert({context, source}, current);
            numerus = false;
        }
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            source.clear();
            current = {};
        } else if (name == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            // lupdate marks forms it has not seen filled "unfinished"; filled ones carry no type.
            current.finished = xml.attributes().value(QLatin1String("type")).isEmpty();
        } else if (name == QLatin1String("numerusform")) {
            current.forms << xml.readElementText();
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return table;
}

QString translate(const char* context, const char* source, int n)
{
    return QCoreApplication::translate(context, source, nullptr, n);
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sourceTextWithoutTranslations();
    void englishForms_data();
    void englishForms();
    void productSentence();
    void otherLanguageFallsBackToEnglish();
    void installingAgainReplaces();
    void everyNumerusStringHasEnglishForms();
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFile::exists(kEnglishQm), "the English plural forms are not bundled");
}

// What the window showed before: the check below that English forms differ means something.
void TestTranslations::sourceTextWithoutTranslations()
{
    QCOMPARE(translate("Reelwatch::MainWindow", "%n task(s)", 1), QStringLiteral("1 task(s)"));
}

void TestTranslations::englishForms_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected");

    const QString window = QStringLiteral("Reelwatch::MainWindow");
    QTest::newRow("one task") << window << "%n task(s)" << 1 << "1 task";
    QTest::newRow("six tasks") << window << "%n task(s)" << 6 << "6 tasks";
    QTest::newRow("no tasks") << window << "%n task(s)" << 0 << "0 tasks";
    QTest::newRow("one problem") << window << "%n problem(s)" << 1 << "1 problem";
    QTest::newRow("removed one") << window << "Removed %n task(s)." << 1 << "Removed 1 task.";
    QTest::newRow("removed two") << window << "Removed %n task(s)." << 2 << "Removed 2 tasks.";
    QTest::newRow("same word") << window << "Reelwatch — %n active" << 1 << "Reelwatch — 1 active";

    const QString dialog = QStringLiteral("Reelwatch::AddTasksDialog");
    QTest::newRow("add one") << dialog << "Add %n tasks" << 1 << "Add 1 task";
    QTest::newRow("add three") << dialog << "Add %n tasks" << 3 << "Add 3 tasks";
    QTest::newRow("one new") << dialog << "%n new" << 1 << "1 new";
    QTest::newRow("four new") << dialog << "%n new" << 4 << "4 new";

    const QString pane = QStringLiteral("Reelwatch::TaskDetailsPane");
    QTest::newRow("one day") << pane << "%n days" << 1 << "1 day";
    QTest::newRow("two days") << pane << "%n days" << 2 << "2 days";

    const QString settings = QStringLiteral("Reelwatch::ProfilesPage");
    const QString removeProfile
        = QStringLiteral("Remove the profile “%1”? Its %n task(s) and its stored key are deleted when you "
                         "apply the changes.");
    QTest::newRow("profile with one task")
        << settings << removeProfile << 1
        << "Remove the profile “%1”? Its 1 task and its stored key are deleted when you apply the changes.";

    const QString copy = QStringLiteral("TaskCopy");
    QTest::newRow("one id") << copy << "Copied %n task IDs." << 1 << "Copied 1 task ID.";
    QTest::newRow("one of many has") << copy << "%n of %1 tasks have no prompt." << 1 << "1 of %1 tasks has no prompt.";
    QTest::newRow("two of many have") << copy << "%n of %1 tasks have no prompt." << 2
                                      << "2 of %1 tasks have no prompt.";
}

void TestTranslations::englishForms()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(int, n);
    QFETCH(QString, expected);

    installTranslations(QCoreApplication::instance());
    QCOMPARE(translate(context.toUtf8().constData(), source.toUtf8().constData(), n), expected);
}

// Through the product's own code, as the status bar gets it.
void TestTranslations::productSentence()
{
    installTranslations(QCoreApplication::instance());
    TaskCopyResult result;
    result.copied = 2;
    result.skipped = 1;
    QCOMPARE(TaskCopy::summary(TaskCopy::Kind::Prompt, result),
             QStringLiteral("Copied 2 prompts, one per line. 1 of 3 tasks has no prompt."));
    result.skipped = 2;
    QCOMPARE(TaskCopy::summary(TaskCopy::Kind::Prompt, result),
             QStringLiteral("Copied 2 prompts, one per line. 2 of 4 tasks have no prompt."));
}

// No reelwatch_de.qm is bundled: a German user still gets English plural forms, not "task(s)".
void TestTranslations::otherLanguageFallsBackToEnglish()
{
    const QStringList installed
        = installTranslationsFor(QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(installed, QStringList{kEnglishQm});
    QCOMPARE(translate("Reelwatch::MainWindow", "%n task(s)", 1), QStringLiteral("1 task"));

    QCOMPARE(installTranslationsFor(QCoreApplication::instance(), QLocale(QLocale::English, QLocale::UnitedKingdom)),
             QStringList{kEnglishQm});
}

void TestTranslations::installingAgainReplaces()
{
    QCoreApplication* app = QCoreApplication::instance();
    installTranslations(app);
    installTranslations(app);
    QCOMPARE(app->findChildren<QTranslator*>(QString(), Qt::FindDirectChildrenOnly).size(), 1);
    QCOMPARE(translate("Reelwatch::MainWindow", "%n task(s)", 6), QStringLiteral("6 tasks"));
}

// Every numerus string in app/ and ui/ as lupdate finds it now, not as reelwatch_en.ts lists it:
// a new "%n …" string fails here until `cmake --build <dir> --target update_translations` gives it
// English forms.
void TestTranslations::everyNumerusStringHasEnglishForms()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString extracted = dir.filePath(QStringLiteral("numerus_en.ts"));
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(REELWATCH_SOURCE_DIR));
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(REELWATCH_LUPDATE),
                  {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("-source-language"), QStringLiteral("en"), QStringLiteral("-extensions"),
                   QStringLiteral("cpp,h"), QStringLiteral("-pluralonly"), QStringLiteral("app"), QStringLiteral("ui"),
                   QStringLiteral("-ts"), extracted});
    QVERIFY2(lupdate.waitForFinished(60000), qPrintable(lupdate.errorString()));
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0, lupdate.readAll().constData());

    QString error;
    const NumerusTable inSources = readNumerus(extracted, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const NumerusTable english = readNumerus(kEnglishTs, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The strings checked one by one above are among them: lupdate really found the sources.
    QVERIFY(inSources.contains({QStringLiteral("Reelwatch::MainWindow"), QStringLiteral("%n task(s)")}));
    QVERIFY(inSources.contains({QStringLiteral("TaskCopy"), QStringLiteral("%n of %1 tasks have no prompt.")}));

    QStringList missing;
    for (auto it = inSources.cbegin(); it != inSources.cend(); ++it) {
        const QString name = it.key().first + QStringLiteral(": ") + it.key().second;
        const Numerus forms = english.value(it.key());
        if (!english.contains(it.key()) || !forms.finished || forms.forms.size() != 2)
            missing << name;
        else if (forms.forms.at(0).isEmpty() || forms.forms.at(1).isEmpty()
                 || forms.forms.join(QString()).contains(QLatin1String("(s)")))
            missing << name + QStringLiteral(" (forms: ") + forms.forms.join(QStringLiteral(" / ")) + QLatin1Char(')');
    }
    missing.sort();
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("no English forms in resources/translations/reelwatch_en.ts for:\n  ")
                        + missing.join(QStringLiteral("\n  "))
                        + QStringLiteral("\nrun `cmake --build <dir> --target update_translations`")));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"

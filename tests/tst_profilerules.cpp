// The rules a profile must follow, in the one wording the store and the settings dialog share.

#include "core/profilerules.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

class TestProfileRules : public QObject
{
    Q_OBJECT

private slots:
    void names();
    void baseUrls();
    void pollSettings();
    void folders();
};

void TestProfileRules::names()
{
    QCOMPARE(ProfileRules::nameProblem(QStringLiteral("  "), {}), QStringLiteral("A profile needs a name."));
    QCOMPARE(ProfileRules::nameProblem(QString(65, QLatin1Char('x')), {}),
             QStringLiteral("A profile name can have at most 64 characters (this one has 65)."));
    QVERIFY(ProfileRules::nameProblem(QString(64, QLatin1Char('x')), {}).isEmpty());
    QVERIFY(ProfileRules::nameProblem(QStringLiteral(" Studio "), {QStringLiteral("OpenAI")}).isEmpty());
    // Case is ignored in every script, and the other profile is named as it is written.
    QCOMPARE(ProfileRules::nameProblem(QStringLiteral("openai"), {QStringLiteral("OpenAI")}),
             QStringLiteral("A profile named “OpenAI” exists already."));
    QVERIFY(!ProfileRules::nameProblem(QStringLiteral("équipe"), {QStringLiteral("ÉQUIPE")}).isEmpty());
    QVERIFY(ProfileRules::sameName(QStringLiteral(" Équipe"), QStringLiteral("éQUIPE ")));
    QVERIFY(!ProfileRules::sameName(QStringLiteral("a"), QStringLiteral("b")));
}

void TestProfileRules::baseUrls()
{
    QVERIFY(ProfileRules::baseUrlProblem(QStringLiteral("https://api.example.com/v1")).isEmpty());
    QVERIFY(ProfileRules::baseUrlProblem(QStringLiteral("http://127.0.0.1:8080")).isEmpty());
    QVERIFY(ProfileRules::baseUrlProblem(QStringLiteral("http://api.example.com")).contains(QStringLiteral("http://")));
    QVERIFY(!ProfileRules::baseUrlProblem(QString()).isEmpty());
}

void TestProfileRules::pollSettings()
{
    PollSettings poll;
    QVERIFY(ProfileRules::pollProblem(poll).isEmpty());
    poll.baseIntervalMs = 30000;
    poll.maxIntervalMs = 20000;
    QCOMPARE(ProfileRules::pollProblem(poll),
             QStringLiteral("The backoff cap must be at least the poll interval (30 s)."));
}

void TestProfileRules::folders()
{
    QTemporaryDir dir;
    QVERIFY(ProfileRules::folderProblem(QString(), true).isEmpty());
    QCOMPARE(ProfileRules::folderProblem(QStringLiteral("  "), false),
             QStringLiteral("Choose a folder for downloads."));
    QVERIFY(ProfileRules::folderProblem(QStringLiteral("relative/renders"), true)
                .startsWith(QStringLiteral("“relative/renders” is not the full path of a folder")));
    QVERIFY(ProfileRules::folderProblem(dir.path(), false).isEmpty());
    QVERIFY(ProfileRules::folderProblem(dir.filePath(QStringLiteral("not/yet/there")), false).isEmpty());
    QFile file(dir.filePath(QStringLiteral("a-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QCOMPARE(ProfileRules::folderProblem(file.fileName(), false),
             QStringLiteral("%1 is a file, not a folder.").arg(file.fileName()));
    // An import from another machine: only the path rule, its folders may not exist here.
    QVERIFY(ProfileRules::folderPathProblem(file.fileName()).isEmpty());
    QVERIFY(!ProfileRules::folderPathProblem(QStringLiteral("renders")).isEmpty());
    QVERIFY(QDir::isAbsolutePath(ProfileRules::defaultDownloadFolder()));
    QVERIFY(ProfileRules::defaultDownloadFolder().endsWith(QStringLiteral("/Reelwatch")));
}

QTEST_APPLESS_MAIN(TestProfileRules)
#include "tst_profilerules.moc"

// The desktop data in packaging/: the man page and the bash and zsh completions against what the
// real binary's --help prints (read at test time, so a new option that is not documented fails
// here), the bash completion run for real, the .desktop file and metainfo through their validators,
// and the tree `cmake --install` produces.
#include "core/applicationid.h"
#include "providers/providerregistry.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImageReader>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kAppId = QString::fromLatin1(Reelwatch::kApplicationId);
const QString kPackaging = QStringLiteral(REELWATCH_SOURCE_DIR "/packaging");
// Every command prints these; the man page describes them once, under OPTIONS.
const QStringList kHelpOptions = {QStringLiteral("-h"), QStringLiteral("--help"), QStringLiteral("--help-all")};

struct Option
{
    QString name; // "-v" or "--verbose"
    QString valueName; // "name" for "--profile <name>", empty for a switch
};

struct Command
{
    QString name;
    QList<Option> options;
    QStringList actions; // profile list|add|..., key set|status|delete
};

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("%1 did not finish: %2").arg(program, process.errorString());
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QString readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// The lines of one "Title:" block of --help output, up to the next blank line.
QStringList helpSection(const QString& help, const QString& title)
{
    QStringList lines;
    bool inside = false;
    for (const QString& line : help.split(QLatin1Char('\n'))) {
        if (line.trimmed() == title) {
            inside = true;
        } else if (inside) {
            if (line.trimmed().isEmpty())
                break;
            lines << line;
        }
    }
    return lines;
}

QList<Option> parseOptions(const QString& help)
{
    static const QRegularExpression optionLine(QStringLiteral("^  (?:(-\\w), )?(--[\\w-]+)(?: <([^>]+)>)?"));
    QList<Option> options;
    for (const QString& line : helpSection(help, QStringLiteral("Options:"))) {
        const QRegularExpressionMatch match = optionLine.match(line);
        if (!match.hasMatch())
            continue;
        if (!match.captured(1).isEmpty())
            options << Option{match.captured(1), match.captured(3)};
        options << Option{match.captured(2), match.captured(3)};
    }
    return options;
}

// Text from a man page source with the escapes that would hide an option's name removed.
QString plainMan(QString text)
{
    text.replace(QStringLiteral("\\-"), QStringLiteral("-"));
    text.remove(QRegularExpression(QStringLiteral("\\\\f[BIRP]")));
    text.remove(QStringLiteral("\\&"));
    return text;
}

// The text of one ".SS name" or ".SH NAME" part of a man page, up to the next heading.
QString manPart(const QString& man, const QString& heading)
{
    const QString start = QLatin1Char('\n') + heading + QLatin1Char('\n');
    const int begin = man.indexOf(start);
    if (begin < 0)
        return {};
    static const QRegularExpression nextHeading(QStringLiteral("\n\\.S[HS] "));
    const int end = man.indexOf(nextHeading, begin + start.size());
    return man.mid(begin, end < 0 ? -1 : end - begin);
}

bool mentionsWord(const QString& text, const QString& word)
{
    const QRegularExpression pattern(QStringLiteral("(?<![\\w-])%1(?![\\w-])").arg(QRegularExpression::escape(word)));
    return text.contains(pattern);
}

// The `(command)` branch of the zsh completion's `case $words[1]`, up to its ";;".
QString zshBranch(const QString& script, const QString& command)
{
    const QRegularExpression branch(
        QStringLiteral("^\\s+\\(%1\\)\\n(.*?)^\\s+;;").arg(QRegularExpression::escape(command)),
        QRegularExpression::MultilineOption | QRegularExpression::DotMatchesEverythingOption);
    return branch.match(script).captured(1);
}

} // namespace

class TestPackaging : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void helpIsReadable();
    void windowHelpNeedsNoDisplay();
    void manPageDocumentsEveryCommandAndOption();
    void manPageFormatsCleanly();
    void bashCompletionOffersEveryCommandAndOption();
    void bashCompletionValues_data();
    void bashCompletionValues();
    void bashCompletionNeverCreatesTheDatabase();
    void zshCompletion();
    void zshCompletionAsksTheTypedProgramForProfiles();
    void desktopFile();
    void metainfo();
    void installTree();

private:
    QProcessEnvironment environment() const;
    QStringList bashComplete(const QStringList& words, const QString& workingDirectory = {});
    // A task database in the temporary home with the profiles "OpenAI" and "My Gateway".
    void makeProfilesDatabase();

    QTemporaryDir m_home;
    QString m_topHelp;
    QStringList m_commands;
    QList<Command> m_commandHelp;
    QList<Option> m_windowOptions;
};

QProcessEnvironment TestPackaging::environment() const
{
    // Everything the binary and the completions look at lives in the temporary home.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.filePath(QStringLiteral("runtime")));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.remove(QStringLiteral("REELWATCH_API_KEY"));
    environment.remove(QStringLiteral("REELWATCH_TOKEN"));
    environment.remove(QStringLiteral("REELWATCH_BASE_URL"));
    return environment;
}

void TestPackaging::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_home.isValid());
    QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral("runtime")));
    QFile::setPermissions(m_home.filePath(QStringLiteral("runtime")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    const Run top = run(QStringLiteral(REELWATCH_BINARY), {QStringLiteral("--help")}, environment());
    QCOMPARE(top.exitCode, 0);
    m_topHelp = top.out;
    static const QRegularExpression commandLine(QStringLiteral("^  ([a-z][\\w-]*) "));
    for (const QString& line : helpSection(m_topHelp, QStringLiteral("Commands:"))) {
        const QRegularExpressionMatch match = commandLine.match(line);
        if (match.hasMatch())
            m_commands << match.captured(1);
    }

    for (const QString& name : std::as_const(m_commands)) {
        const Run help = run(QStringLiteral(REELWATCH_BINARY), {name, QStringLiteral("--help")}, environment());
        QVERIFY2(help.exitCode == 0, qPrintable(name + QLatin1Char(' ') + help.err));
        Command command{name, parseOptions(help.out), {}};
        const QRegularExpression usage(
            QStringLiteral("^(?:Usage:)?\\s*reelwatch %1 ([a-z][\\w-]*)").arg(QRegularExpression::escape(name)),
            QRegularExpression::MultilineOption);
        for (auto it = usage.globalMatch(help.out); it.hasNext();)
            command.actions << it.next().captured(1);
        m_commandHelp << command;
    }

    // The window's own --help: any window option first, so the command line is the window's.
    const Run window = run(QStringLiteral(REELWATCH_BINARY), {QStringLiteral("--minimized"), QStringLiteral("--help")},
                           environment());
    QVERIFY2(window.exitCode == 0, qPrintable(window.err));
    m_windowOptions = parseOptions(window.out);
}

void TestPackaging::helpIsReadable()
{
    // Guards the parsing above: were it to find nothing, every comparison below would pass.
    QVERIFY2(m_commands.size() >= 10, qPrintable(m_commands.join(QLatin1Char(' '))));
    QVERIFY(m_commands.contains(QStringLiteral("status")));
    QVERIFY(m_commands.contains(QStringLiteral("demo-server")));
    for (const Command& command : std::as_const(m_commandHelp))
        QVERIFY2(command.options.size() >= 3, qPrintable(command.name));
    const auto profile = std::find_if(m_commandHelp.cbegin(), m_commandHelp.cend(),
                                      [](const Command& c) { return c.name == QLatin1String("profile"); });
    QVERIFY(profile != m_commandHelp.cend());
    QCOMPARE(profile->actions,
             QStringList({QStringLiteral("list"), QStringLiteral("add"), QStringLiteral("remove"),
                          QStringLiteral("set-default")}));
    QVERIFY(std::any_of(m_windowOptions.cbegin(), m_windowOptions.cend(),
                        [](const Option& o) { return o.name == QLatin1String("--color-scheme"); }));
}

void TestPackaging::manPageDocumentsEveryCommandAndOption()
{
    const QString man = plainMan(readText(kPackaging + QStringLiteral("/man/reelwatch.1")));
    QVERIFY(!man.isEmpty());

    QStringList missing;
    const QString general = manPart(man, QStringLiteral(".SH OPTIONS"));
    for (const Option& option : std::as_const(m_windowOptions)) {
        if (!mentionsWord(general, option.name))
            missing << QStringLiteral("OPTIONS: %1").arg(option.name);
    }
    for (const QString& option : kHelpOptions) {
        if (!mentionsWord(general, option))
            missing << QStringLiteral("OPTIONS: %1").arg(option);
    }
    for (const Command& command : std::as_const(m_commandHelp)) {
        const QString part = manPart(man, QStringLiteral(".SS ") + command.name);
        if (part.isEmpty()) {
            missing << QStringLiteral("no section for '%1'").arg(command.name);
            continue;
        }
        for (const Option& option : command.options) {
            if (kHelpOptions.contains(option.name))
                continue;
            if (!mentionsWord(part, option.name)) {
                missing << QStringLiteral("%1 %2").arg(command.name, option.name);
            } else if (!option.valueName.isEmpty() && option.name.startsWith(QLatin1String("--"))) {
                // The value is named as --help names it: "--profile name".
                const QRegularExpression withValue(
                    QStringLiteral("%1[\\s\",]+%2\\b")
                        .arg(QRegularExpression::escape(option.name), QRegularExpression::escape(option.valueName)));
                if (!part.contains(withValue))
                    missing << QStringLiteral("%1 %2 <%3>").arg(command.name, option.name, option.valueName);
            }
        }
        for (const QString& action : command.actions) {
            if (!part.contains(QStringLiteral("reelwatch %1 %2").arg(command.name, action)))
                missing << QStringLiteral("%1 %2").arg(command.name, action);
        }
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("not in the man page: ") + missing.join(QStringLiteral(", "))));

    // Its version is the project's.
    QVERIFY2(man.contains(QStringLiteral("\"Reelwatch " REELWATCH_PROJECT_VERSION "\"")),
             "the .TH line of packaging/man/reelwatch.1 does not name version " REELWATCH_PROJECT_VERSION);
}

void TestPackaging::manPageFormatsCleanly()
{
    const QString page = kPackaging + QStringLiteral("/man/reelwatch.1");
    if (QStandardPaths::findExecutable(QStringLiteral("groff")).isEmpty())
        QSKIP("groff is not installed (package groff-base)");
    const Run groff = run(QStringLiteral("groff"),
                          {QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z"), page}, environment());
    QCOMPARE(groff.exitCode, 0);
    QVERIFY2(groff.err.isEmpty(), qPrintable(groff.err));

    if (QStandardPaths::findExecutable(QStringLiteral("man")).isEmpty())
        QSKIP("man is not installed (package man-db)");
    QProcessEnvironment environment = this->environment();
    environment.insert(QStringLiteral("MANWIDTH"), QStringLiteral("80"));
    const Run man = run(QStringLiteral("man"), {QStringLiteral("--warnings"), QStringLiteral("-l"), page}, environment);
    QCOMPARE(man.exitCode, 0);
    QVERIFY2(man.err.isEmpty(), qPrintable(man.err));
    QVERIFY(man.out.contains(QStringLiteral("demo-server")));
}

QStringList TestPackaging::bashComplete(const QStringList& words, const QString& workingDirectory)
{
    // What bash does on Tab: COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
    const QString script = QStringLiteral("source \"$0\" || exit 3\n"
                                          "COMP_WORDS=(\"$@\")\n"
                                          "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                                          "_reelwatch || exit 4\n"
                                          "(( ${#COMPREPLY[@]} == 0 )) || printf '%s\\n' \"${COMPREPLY[@]}\"\n");
    QProcess process;
    process.setProcessEnvironment(environment());
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral("bash"),
                  QStringList{QStringLiteral("--norc"), QStringLiteral("-c"), script,
                              kPackaging + QStringLiteral("/completions/reelwatch.bash")}
                      + words);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning("bash: %s", process.readAllStandardError().constData());
        return {QStringLiteral("<bash failed>")};
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    return out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void TestPackaging::bashCompletionOffersEveryCommandAndOption()
{
    QStringList missing;
    const QStringList commands = bashComplete({QStringLiteral("reelwatch"), QString()});
    for (const QString& command : std::as_const(m_commands)) {
        if (!commands.contains(command))
            missing << command;
    }
    const QStringList window = bashComplete({QStringLiteral("reelwatch"), QStringLiteral("-")});
    for (const Option& option : std::as_const(m_windowOptions)) {
        if (!window.contains(option.name))
            missing << option.name;
    }
    for (const Command& command : std::as_const(m_commandHelp)) {
        const QStringList offered = bashComplete({QStringLiteral("reelwatch"), command.name, QStringLiteral("-")});
        for (const Option& option : command.options) {
            if (!offered.contains(option.name))
                missing << command.name + QLatin1Char(' ') + option.name;
        }
        if (!command.actions.isEmpty()) {
            const QStringList actions = bashComplete({QStringLiteral("reelwatch"), command.name, QString()});
            for (const QString& action : command.actions) {
                if (!actions.contains(action))
                    missing << command.name + QLatin1Char(' ') + action;
            }
        }
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("not offered by the bash completion: ") + missing.join(QStringLiteral(", "))));
}

void TestPackaging::bashCompletionValues_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QStringList>("expected");

    const QString rw = QStringLiteral("reelwatch");
    QTest::newRow("command prefix") << QStringList{rw, QStringLiteral("d")}
                                    << QStringList{QStringLiteral("download"), QStringLiteral("demo-server")};
    QTest::newRow("variant") << QStringList{rw, QStringLiteral("download"), QStringLiteral("--variant"), QString()}
                             << QStringList{QStringLiteral("video"), QStringLiteral("thumbnail"),
                                            QStringLiteral("spritesheet")};
    QTest::newRow("variant=") << QStringList{rw, QStringLiteral("download"), QStringLiteral("--variant"),
                                             QStringLiteral("="), QStringLiteral("th")}
                              << QStringList{QStringLiteral("thumbnail")};
    QTest::newRow("auth") << QStringList{rw, QStringLiteral("watch"), QStringLiteral("--auth"), QString()}
                          << QStringList{QStringLiteral("bearer"), QStringLiteral("token")};
    QTest::newRow("profile add --auth") << QStringList{rw,
                                                       QStringLiteral("profile"),
                                                       QStringLiteral("add"),
                                                       QStringLiteral("X"),
                                                       QStringLiteral("--auth"),
                                                       QStringLiteral("t")}
                                        << QStringList{QStringLiteral("token")};
    QTest::newRow("format") << QStringList{rw, QStringLiteral("export"), QStringLiteral("--format"), QString()}
                            << QStringList{QStringLiteral("json"), QStringLiteral("csv")};
    QTest::newRow("flavour") << QStringList{rw, QStringLiteral("demo-server"), QStringLiteral("--flavour"), QString()}
                             << QStringList{QStringLiteral("seed"), QStringLiteral("openai"),
                                            QStringLiteral("envelope")};
    QTest::newRow("color scheme") << QStringList{rw, QStringLiteral("--color-scheme"), QString()}
                                  << QStringList{QStringLiteral("system"), QStringLiteral("light"),
                                                 QStringLiteral("dark")};
    // After a window option's value the next word is still no command, so options come next.
    QTest::newRow("after --color-scheme dark")
        << QStringList{rw, QStringLiteral("--color-scheme"), QStringLiteral("dark"), QStringLiteral("--mi")}
        << QStringList{QStringLiteral("--minimized")};
    QTest::newRow("list status") << QStringList{rw, QStringLiteral("list"), QStringLiteral("--status"),
                                                QStringLiteral("NOT")}
                                 << QStringList{QStringLiteral("NOT_START"), QStringLiteral("NOT_FOUND")};
    QTest::newRow("key action after --profile") << QStringList{rw, QStringLiteral("key"), QStringLiteral("--profile"),
                                                               QStringLiteral("OpenAI"), QStringLiteral("s")}
                                                << QStringList{QStringLiteral("set"), QStringLiteral("status")};
    // Files and folders, in the working directory the test sets up (see below).
    QTest::newRow("download -o") << QStringList{rw, QStringLiteral("download"), QStringLiteral("-o"),
                                                QStringLiteral("cl")}
                                 << QStringList{QStringLiteral("clip.mp4"), QStringLiteral("clips")};
    QTest::newRow("watch --download: folders only")
        << QStringList{rw, QStringLiteral("watch"), QStringLiteral("--download"), QStringLiteral("cl")}
        << QStringList{QStringLiteral("clips")};
    QTest::newRow("import file") << QStringList{rw, QStringLiteral("import"), QStringLiteral("ta")}
                                 << QStringList{QStringLiteral("tasks.json")};
    // Profile names come from the real binary and its database (created by the test below).
    const QString binary = QStringLiteral(REELWATCH_BINARY);
    // The provider ids come from the program itself ('reelwatch providers --json'), all of them.
    QTest::newRow("provider") << QStringList{binary, QStringLiteral("status"), QStringLiteral("--provider"), QString()}
                              << [] {
                                     QStringList ids = Reelwatch::ProviderRegistry::builtIns().ids();
                                     ids.sort();
                                     return ids;
                                 }();
    QTest::newRow("provider prefix") << QStringList{binary,
                                                    QStringLiteral("profile"),
                                                    QStringLiteral("add"),
                                                    QStringLiteral("X"),
                                                    QStringLiteral("--provider"),
                                                    QStringLiteral("r")}
                                     << QStringList{QStringLiteral("replicate"), QStringLiteral("runway")};
    QTest::newRow("profile names") << QStringList{binary, QStringLiteral("status"), QStringLiteral("--profile"),
                                                  QString()}
                                   << QStringList{QStringLiteral("My\\ Gateway"), QStringLiteral("OpenAI")};
    QTest::newRow("profile name prefix, --profile=")
        << QStringList{binary, QStringLiteral("download"), QStringLiteral("--profile"), QStringLiteral("="),
                       QStringLiteral("My")}
        << QStringList{QStringLiteral("My\\ Gateway")};
    QTest::newRow("profile set-default") << QStringList{binary, QStringLiteral("profile"),
                                                        QStringLiteral("set-default"), QStringLiteral("Op")}
                                         << QStringList{QStringLiteral("OpenAI")};
}

void TestPackaging::bashCompletionValues()
{
    QFETCH(QStringList, words);
    QFETCH(QStringList, expected);

    QTemporaryDir work;
    QVERIFY(work.isValid());
    QVERIFY(QDir(work.path()).mkdir(QStringLiteral("clips")));
    for (const QString& name :
         {QStringLiteral("clip.mp4"), QStringLiteral("tasks.json"), QStringLiteral("notes.txt")}) {
        QFile file(work.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    makeProfilesDatabase();

    QStringList offered = bashComplete(words, work.path());
    offered.sort();
    expected.sort();
    QCOMPARE(offered, expected);
}

void TestPackaging::makeProfilesDatabase()
{
    const QString database = m_home.filePath(QStringLiteral("data/Reelwatch/reelwatch/reelwatch.sqlite3"));
    if (QFile::exists(database))
        return;
    for (const QString& name : {QStringLiteral("OpenAI"), QStringLiteral("My Gateway")}) {
        const Run add = run(QStringLiteral(REELWATCH_BINARY),
                            {QStringLiteral("profile"), QStringLiteral("add"), name, QStringLiteral("--base-url"),
                             QStringLiteral("https://gateway.example.com")},
                            environment());
        QVERIFY2(add.exitCode == 0, qPrintable(add.err));
    }
    QVERIFY(QFile::exists(database));
}

void TestPackaging::bashCompletionNeverCreatesTheDatabase()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcess process;
    QProcessEnvironment environment = this->environment();
    environment.insert(QStringLiteral("HOME"), home.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral("bash"),
                  {QStringLiteral("--norc"), QStringLiteral("-c"),
                   QStringLiteral("source \"$0\"; COMP_WORDS=(\"$1\" status --profile ''); COMP_CWORD=3; _reelwatch; "
                                  "echo \"${#COMPREPLY[@]}\""),
                   kPackaging + QStringLiteral("/completions/reelwatch.bash"), QStringLiteral(REELWATCH_BINARY)});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.readAllStandardOutput().trimmed(), QByteArray("0"));
    QVERIFY2(!QDir(home.filePath(QStringLiteral("data"))).exists(), "completing a profile name created the database");
}

void TestPackaging::zshCompletion()
{
    const QString script = kPackaging + QStringLiteral("/completions/_reelwatch");
    const QString text = readText(script);
    QVERIFY(text.startsWith(QLatin1String("#compdef reelwatch\n")));

    // Every command in the command list, every option and action in its command's branch.
    QStringList missing;
    for (const QString& command : std::as_const(m_commands)) {
        if (!text.contains(QStringLiteral("'%1:").arg(command)))
            missing << command;
    }
    const QString top = text.left(text.indexOf(QLatin1String("case $state in")));
    for (const Option& option : std::as_const(m_windowOptions)) {
        if (!mentionsWord(top, option.name))
            missing << option.name;
    }
    for (const Command& command : std::as_const(m_commandHelp)) {
        const QString branch = zshBranch(text, command.name);
        if (branch.isEmpty()) {
            missing << QStringLiteral("no branch for '%1'").arg(command.name);
            continue;
        }
        for (const Option& option : command.options) {
            if (!mentionsWord(branch, option.name))
                missing << command.name + QLatin1Char(' ') + option.name;
        }
        // The actions are the first argument's values: '1:action:(list add ...)'.
        static const QRegularExpression actionSpec(QStringLiteral("'1:action:\\(([^)]*)\\)'"));
        const QStringList actions = actionSpec.match(branch).captured(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString& action : command.actions) {
            if (!actions.contains(action))
                missing << command.name + QLatin1Char(' ') + action;
        }
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("not offered by the zsh completion: ") + missing.join(QStringLiteral(", "))));

    if (QStandardPaths::findExecutable(QStringLiteral("zsh")).isEmpty())
        QSKIP("zsh is not installed: the zsh completion's syntax was not checked (package zsh)");
    const Run zsh = run(QStringLiteral("zsh"), {QStringLiteral("-n"), script}, environment());
    QVERIFY2(zsh.exitCode == 0, qPrintable(zsh.err));
}

void TestPackaging::windowHelpNeedsNoDisplay()
{
    // On a server or over ssh: the window's help, as the man page says, and a clear word instead of
    // a crash for anything that would open the window.
    QProcessEnvironment headless = environment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        headless.remove(QString::fromLatin1(name));
    const Run help = run(QStringLiteral(REELWATCH_BINARY), {QStringLiteral("--help-all")}, headless);
    QVERIFY2(help.exitCode == 0, qPrintable(help.err));
    QVERIFY2(help.out.contains(QLatin1String("--color-scheme")) && help.out.contains(QLatin1String("-platform")),
             qPrintable(help.out));
    const Run window = run(QStringLiteral(REELWATCH_BINARY), {QStringLiteral("--demo")}, headless);
    QCOMPARE(window.exitCode, 2);
    QVERIFY2(window.err.contains(QLatin1String("there is no display")), qPrintable(window.err));
}

void TestPackaging::zshCompletionAsksTheTypedProgramForProfiles()
{
    if (QStandardPaths::findExecutable(QStringLiteral("zsh")).isEmpty())
        QSKIP("zsh is not installed (package zsh)");
    makeProfilesDatabase();
    // zsh's completion system needs a line editor; here its functions are stand-ins that do what
    // they do for this spec: `_arguments -C` moves to the subcommand's words as `*::` does (so
    // $words[1] becomes "status"), the subcommand's `_arguments` completes --profile's value, and
    // compadd prints what would be offered. The completion's own code runs as it is.
    const QString script = QStringLiteral(R"(
_arguments() {
  if [[ $1 == -C ]]; then state=argument; words=("${(@)words[2,-1]}"); return 0; fi
  _reelwatch_profiles
}
_call_program() { shift; eval "$*"; }
_wanted() { shift 3; "$@"; }
compadd() { [[ $1 == -a ]] && print -rl -- "${(@P)2}"; }
words=("$0" status --profile '')
source "$1"
)");
    const Run zsh = run(QStringLiteral("zsh"),
                        {QStringLiteral("-f"), QStringLiteral("-c"), script, QStringLiteral(REELWATCH_BINARY),
                         kPackaging + QStringLiteral("/completions/_reelwatch")},
                        environment());
    QVERIFY2(zsh.err.isEmpty(), qPrintable(zsh.err));
    QStringList offered = zsh.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    offered.sort();
    QCOMPARE(offered, (QStringList{QStringLiteral("My Gateway"), QStringLiteral("OpenAI")}));
}

void TestPackaging::desktopFile()
{
    const QString path = kPackaging + QLatin1Char('/') + kAppId + QStringLiteral(".desktop");
    const QStringList lines = readText(path).split(QLatin1Char('\n'));
    QVERIFY(lines.contains(QStringLiteral("Icon=") + kAppId));
    QVERIFY(lines.contains(QStringLiteral("Exec=reelwatch")));
    // What Qt puts in WM_CLASS on X11: the application name set in app/main.cpp.
    QVERIFY(lines.contains(QStringLiteral("StartupWMClass=reelwatch")));
    // Each action's command line must be one the window accepts.
    for (const QString& line : lines) {
        if (!line.startsWith(QLatin1String("Exec=reelwatch ")))
            continue;
        for (const QString& argument : line.mid(15).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            QVERIFY2(std::any_of(m_windowOptions.cbegin(), m_windowOptions.cend(),
                                 [&](const Option& o) { return o.name == argument; }),
                     qPrintable(line));
        }
    }

    if (QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate")).isEmpty())
        QSKIP("desktop-file-validate is not installed (package desktop-file-utils)");
    const Run validate = run(QStringLiteral("desktop-file-validate"), {path}, environment());
    QVERIFY2(validate.exitCode == 0 && validate.out.isEmpty(), qPrintable(validate.out + validate.err));
}

void TestPackaging::metainfo()
{
    const QString path = kPackaging + QLatin1Char('/') + kAppId + QStringLiteral(".metainfo.xml");
    const QString text = readText(path);
    QVERIFY(text.contains(QStringLiteral("<id>%1</id>").arg(kAppId)));
    QVERIFY(text.contains(QStringLiteral("<launchable type=\"desktop-id\">%1.desktop</launchable>").arg(kAppId)));
    QVERIFY2(text.contains(QStringLiteral("<release version=\"" REELWATCH_PROJECT_VERSION "\"")),
             "the metainfo has no <release> for version " REELWATCH_PROJECT_VERSION);
    QVERIFY(text.contains(QStringLiteral("<binary>reelwatch</binary>")));

    if (QStandardPaths::findExecutable(QStringLiteral("appstreamcli")).isEmpty())
        QSKIP("appstreamcli is not installed (package appstream)");
    const Run validate = run(QStringLiteral("appstreamcli"),
                             {QStringLiteral("validate"), QStringLiteral("--no-net"), path}, environment());
    QVERIFY2(validate.exitCode == 0, qPrintable(validate.out + validate.err));
    // Nothing but the one known note: appstreamcli 0.16 does not know <developer> yet (1.0 does).
    for (const QString& line : validate.out.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("E:")) || line.startsWith(QLatin1String("W:"))
            || (line.startsWith(QLatin1String("I:")) && !line.contains(QLatin1String("unknown-tag developer")))) {
            QFAIL(qPrintable(line));
        }
    }
}

void TestPackaging::installTree()
{
    QStringList expected = {
        QStringLiteral("bin/reelwatch"),
        QStringLiteral("share/applications/%1.desktop").arg(kAppId),
        QStringLiteral("share/metainfo/%1.metainfo.xml").arg(kAppId),
        QStringLiteral("share/icons/hicolor/scalable/apps/%1.svg").arg(kAppId),
        QStringLiteral("share/man/man1/reelwatch.1.gz"),
        QStringLiteral("share/bash-completion/completions/reelwatch"),
        QStringLiteral("share/zsh/vendor-completions/_reelwatch"),
    };
    const QList<int> sizes = {16, 22, 24, 32, 48, 64, 128, 256, 512};
    for (int size : sizes)
        expected << QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId);

    QTemporaryDir stage;
    QVERIFY(stage.isValid());
    // Both ways packagers install: a prefix, and DESTDIR under the real one.
    const QString prefix = stage.filePath(QStringLiteral("prefix"));
    const Run install
        = run(QStringLiteral(REELWATCH_CMAKE),
              {QStringLiteral("--install"), QStringLiteral(REELWATCH_BUILD_DIR), QStringLiteral("--prefix"), prefix},
              environment());
    QVERIFY2(install.exitCode == 0, qPrintable(install.out + install.err));
    QProcessEnvironment withDestdir = environment();
    withDestdir.insert(QStringLiteral("DESTDIR"), stage.filePath(QStringLiteral("destdir")));
    const Run destdir = run(QStringLiteral(REELWATCH_CMAKE),
                            {QStringLiteral("--install"), QStringLiteral(REELWATCH_BUILD_DIR),
                             QStringLiteral("--prefix"), QStringLiteral("/usr")},
                            withDestdir);
    QVERIFY2(destdir.exitCode == 0, qPrintable(destdir.out + destdir.err));

    for (const QString& root : {prefix, stage.filePath(QStringLiteral("destdir/usr"))}) {
        for (const QString& file : std::as_const(expected))
            QVERIFY2(QFileInfo(root + QLatin1Char('/') + file).isFile(), qPrintable(root + QLatin1Char('/') + file));
    }

    for (int size : sizes) {
        QImageReader png(prefix + QStringLiteral("/share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId));
        QCOMPARE(png.format(), QByteArray("png"));
        QCOMPARE(png.size(), QSize(size, size));
        const QImage image = png.read();
        QVERIFY(image.hasAlphaChannel());
        // Drawn, not blank: the corner is transparent (rounded square), the centre opaque.
        QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
        QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
    }

    // The man page: gzip without name or time stamp (reproducible), holding the page as written.
    QFile gz(prefix + QStringLiteral("/share/man/man1/reelwatch.1.gz"));
    QVERIFY(gz.open(QIODevice::ReadOnly));
    const QByteArray header = gz.read(10);
    QCOMPARE(header.left(2), QByteArray("\x1f\x8b"));
    QCOMPARE(header.at(3) & 0x08, 0); // no FNAME
    QCOMPARE(header.mid(4, 4), QByteArray(4, '\0')); // MTIME 0
    QProcess gunzip;
    gunzip.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), gz.fileName()});
    QVERIFY(gunzip.waitForFinished(30000));
    QFile source(kPackaging + QStringLiteral("/man/reelwatch.1"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QVERIFY(gunzip.readAllStandardOutput() == source.readAll());

    if (QStandardPaths::findExecutable(QStringLiteral("appstreamcli")).isEmpty())
        QSKIP("appstreamcli is not installed (package appstream): the installed tree was not validated");
    // The metainfo, its desktop file and its icon found together, as a software centre would.
    const Run tree = run(QStringLiteral("appstreamcli"),
                         {QStringLiteral("validate-tree"), QStringLiteral("--no-net"), prefix}, environment());
    QVERIFY2(tree.exitCode == 0, qPrintable(tree.out + tree.err));
}

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"

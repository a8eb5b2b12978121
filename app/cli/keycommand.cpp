#include "keycommand.h"

#include "clisession.h"
#include "console.h"
#include "secrets/secretstore.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QFile>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace Reelwatch {

namespace {

QString usage()
{
    return QStringLiteral("Usage: reelwatch key set [--profile NAME]      (reads the key from standard input)\n"
                          "       reelwatch key status [--profile NAME]\n"
                          "       reelwatch key delete [--profile NAME]");
}

// Turns terminal echo off for its lifetime, so a typed key is not shown.
class EchoOff
{
public:
    EchoOff()
    {
#ifdef Q_OS_UNIX
        if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            m_active = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
#endif
    }
    ~EchoOff()
    {
#ifdef Q_OS_UNIX
        if (m_active) {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
            fputc('\n', stderr);
        }
#endif
    }

private:
#ifdef Q_OS_UNIX
    termios m_saved = {};
#endif
    bool m_active = false;
};

} // namespace

QByteArray KeyCommand::readSecret(const QString& prompt, QString* error)
{
    const bool terminal = Console::isTerminal(0);
    if (terminal) {
        fputs(prompt.toUtf8().constData(), stderr);
        fflush(stderr);
    }
    QByteArray secret;
    {
        EchoOff echoOff;
        QFile input;
        if (!input.open(stdin, QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read standard input");
            return {};
        }
        // A terminal gives one line; a pipe may give a file: take it whole and check it is one line.
        secret = terminal ? input.readLine(64 * 1024) : input.read(64 * 1024 + 1);
    }
    while (secret.endsWith('\n') || secret.endsWith('\r'))
        secret.chop(1);
    secret = secret.trimmed();
    if (secret.isEmpty())
        *error = QStringLiteral("no key was given on standard input");
    else if (secret.size() > 64 * 1024)
        *error = QStringLiteral("the key is longer than 64 KiB");
    else if (secret.contains('\n') || secret.contains('\r'))
        *error = QStringLiteral("the key must be a single line");
    if (!error->isEmpty())
        secret.fill('\0'); // do not keep a rejected secret around
    return error->isEmpty() ? secret : QByteArray();
}

int KeyCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(usage());
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("set, status or delete"));
    CliSession::addOptions(parser, false);
    if (!parser.parse(arguments)) {
        Console::err(QStringLiteral("reelwatch key: %1\n%2").arg(parser.errorText(), usage()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }
    const QString action = parser.positionalArguments().value(0);
    if (parser.positionalArguments().size() != 1
        || !QStringList{QStringLiteral("set"), QStringLiteral("status"), QStringLiteral("delete")}.contains(action)) {
        Console::err(usage());
        return ExitUsage;
    }

    CliSession session(QStringLiteral("key"));
    const std::optional<Profile> profile = session.selectProfile(parser);
    if (!profile)
        return session.exitCode();
    SecretStore* keychain = session.secretStore();

    if (action == QLatin1String("set")) {
        QString error;
        QByteArray secret = readSecret(
            QStringLiteral("%1 for profile '%2' (input hidden): ")
                .arg(profile->authMode == AuthMode::Token ? QStringLiteral("Token") : QStringLiteral("API key"),
                     profile->name),
            &error);
        if (secret.isEmpty()) {
            session.fail(error, ExitUsage);
            return session.exitCode();
        }
        const SecretResult written = keychain->writeNow(profile->keychainId, secret);
        secret.fill('\0');
        if (!written.ok()) {
            session.failKeychain(written);
            return session.exitCode();
        }
        Console::out(QStringLiteral("stored the %1 for profile '%2' in %3")
                         .arg(profile->authMode == AuthMode::Token ? QStringLiteral("token") : QStringLiteral("key"),
                              profile->name, keychain->description()));
        return ExitOk;
    }

    if (action == QLatin1String("status")) {
        const QString variable = ConnectionOptions::secretVariable(profile->authMode);
        if (!qEnvironmentVariableIsEmpty(variable.toLatin1().constData()))
            Console::out(QStringLiteral("%1 is set: it overrides the keychain for commands run with it").arg(variable));
        SecretResult stored = keychain->readNow(profile->keychainId);
        switch (stored.status) {
        case SecretResult::Status::Ok: {
            // At most the last four characters, never more, so the status can be shared safely.
            const QString tail = stored.secret.size() >= 12 ? QString::fromUtf8(stored.secret.right(4)) : QString();
            stored.secret.fill('\0');
            Console::out(QStringLiteral("profile '%1': a key is stored in %2%3")
                             .arg(profile->name, keychain->description(),
                                  tail.isEmpty() ? QString() : QStringLiteral(" (ends in …%1)").arg(tail)));
            return ExitOk;
        }
        case SecretResult::Status::NotFound:
            Console::out(QStringLiteral("profile '%1': no key stored; set one with 'reelwatch key set --profile %1'")
                             .arg(profile->name));
            return ExitTaskProblem;
        default:
            session.failKeychain(stored);
            return session.exitCode();
        }
    }

    const SecretResult removed = keychain->removeNow(profile->keychainId);
    if (removed.status == SecretResult::Status::NotFound) {
        Console::out(QStringLiteral("profile '%1': no key was stored").arg(profile->name));
        return ExitOk;
    }
    if (!removed.ok()) {
        session.failKeychain(removed);
        return session.exitCode();
    }
    Console::out(QStringLiteral("deleted the key of profile '%1'").arg(profile->name));
    return ExitOk;
}

} // namespace Reelwatch

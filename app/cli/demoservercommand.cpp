#include "demoservercommand.h"

#include "console.h"
#include "demo/democdn.h"
#include "demo/demoserver.h"
#include "exitcode.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRandomGenerator>

namespace Reelwatch {

int DemoServerCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run the loopback API simulator until interrupted."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 (default: any free one)."),
                      QStringLiteral("port"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("flavour"),
                      QStringLiteral("Response shape: seed, openai or envelope (default: seed)."),
                      QStringLiteral("flavour"), QStringLiteral("seed")});
    parser.addOption({QStringLiteral("key"), QStringLiteral("Require this bearer key / token (default: accept any)."),
                      QStringLiteral("key")});
    parser.addOption(
        {QStringLiteral("tasks"),
         QStringLiteral(
             "Add N generated tasks that finish after --finish-ms (default: 0; the six samples are always there)."),
         QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("finish-ms"),
                      QStringLiteral("Milliseconds until generated tasks finish (default: 10000)."),
                      QStringLiteral("ms"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("numeric-ids"),
                      QStringLiteral("Generated task IDs are digits (9000000000000 + N), as PixVerse's are.")});
    parser.addOption({QStringLiteral("cdn"),
                      QStringLiteral("Serve content through a second loopback origin, as a "
                                     "CDN with signed links and Range support (as OpenAI does).")});
    if (!parser.parse(arguments)) {
        Console::err(QStringLiteral("reelwatch demo-server: %1").arg(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }
    const auto flavour = demoFlavourFromName(parser.value(QStringLiteral("flavour")));
    bool portOk = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&portOk);
    bool countOk = false;
    const int count = parser.value(QStringLiteral("tasks")).toInt(&countOk);
    bool finishOk = false;
    const qint64 finishMs = parser.value(QStringLiteral("finish-ms")).toLongLong(&finishOk);
    if (!flavour || !portOk || port > 65535 || !countOk || count < 0 || !finishOk || finishMs < 0) {
        Console::err(QStringLiteral("reelwatch demo-server: invalid --port, --flavour, --tasks or --finish-ms"));
        return ExitUsage;
    }

    DemoServer server;
    server.setFlavour(*flavour);
    server.setRequiredSecret(parser.value(QStringLiteral("key")).toUtf8());
    server.setContentViaCdn(parser.isSet(QStringLiteral("cdn")));
    const QStringList samples = server.addSampleTasks();
    for (int i = 0; i < count; ++i) {
        DemoTaskPlan plan;
        plan.id = parser.isSet(QStringLiteral("numeric-ids"))
            ? QString::number(9000000000000LL + i)
            : QStringLiteral("task_%1").arg(i, 6, 10, QLatin1Char('0'));
        plan.prompt = QStringLiteral("Generated task %1").arg(i);
        plan.queuedAfterMs = finishMs / 5;
        plan.startsAfterMs = finishMs / 3;
        plan.finishesAfterMs = finishMs;
        plan.fails = i % 10 == 9;
        server.addTask(plan);
    }
    if (!server.listen(static_cast<quint16>(port))) {
        Console::err(QStringLiteral("reelwatch demo-server: cannot listen on 127.0.0.1:%1").arg(port));
        return ExitNetwork;
    }
    Console::out(QStringLiteral("Demo API (%1 flavour) listening on %2")
                     .arg(demoFlavourName(*flavour), server.baseUrl().toString()));
    if (parser.isSet(QStringLiteral("cdn")))
        Console::out(QStringLiteral("Content is served from %1").arg(server.cdn()->baseUrl().toString()));
    Console::out(QStringLiteral("Sample tasks: %1").arg(samples.join(QLatin1Char(' '))));
    return QCoreApplication::exec();
}

} // namespace Reelwatch

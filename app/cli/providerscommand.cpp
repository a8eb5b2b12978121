#include "providerscommand.h"

#include "console.h"
#include "core/displaytext.h"
#include "exitcode.h"
#include "providers/providerregistry.h"
#include "texttable.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

namespace Reelwatch {

namespace {

QString yesNo(bool yes)
{
    return yes ? QStringLiteral("yes") : QStringLiteral("no");
}

QString lifetimeText(std::optional<qint64> lifetime)
{
    if (!lifetime || *lifetime <= 0)
        return QStringLiteral("-");
    const qint64 seconds = *lifetime;
    if (seconds % 3600 == 0)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    return QStringLiteral("%1 min").arg(seconds / 60);
}

QJsonObject providerJson(const ProviderRegistry::Entry& entry)
{
    const Provider& provider = *entry.provider;
    const ProviderCapabilities can = provider.capabilities();
    QJsonObject object{{QStringLiteral("id"), provider.id()},
                       {QStringLiteral("name"), provider.name()},
                       {QStringLiteral("built_in"), entry.builtIn},
                       {QStringLiteral("list_route"), can.listRoute},
                       {QStringLiteral("real_progress"), can.realProgress},
                       {QStringLiteral("thumbnail"), can.thumbnail},
                       {QStringLiteral("content_route"), can.contentRoute},
                       {QStringLiteral("key"), provider.credentialHint()}};
    object.insert(QStringLiteral("base_url"),
                  provider.publicBaseUrl().isEmpty() ? QJsonValue(QJsonValue::Null)
                                                     : QJsonValue(provider.publicBaseUrl().toString()));
    object.insert(QStringLiteral("link_lifetime_s"),
                  can.linkLifetimeSeconds ? QJsonValue(*can.linkLifetimeSeconds) : QJsonValue(QJsonValue::Null));
    if (!entry.builtIn)
        object.insert(QStringLiteral("file"), entry.path);
    return object;
}

} // namespace

int ProvidersCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List every provider (the APIs Reelwatch speaks): the built-in ones and the provider files "
                       "installed in the data folder."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object per provider and line.")});
    if (!parser.parse(arguments)) {
        Console::err(
            QStringLiteral("reelwatch providers: %1\nTry 'reelwatch providers --help'.").arg(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        Console::err(QStringLiteral("reelwatch providers: takes no arguments\nTry 'reelwatch providers --help'."));
        return ExitUsage;
    }

    const ProviderRegistry registry(ProviderRegistry::defaultInstalledFolder());
    // A broken installed file is named, never silently skipped; the others are still listed.
    for (const QString& problem : registry.problems())
        Console::err(QStringLiteral("reelwatch providers: skipped %1").arg(problem));
    if (parser.isSet(QStringLiteral("json"))) {
        for (const ProviderRegistry::Entry& entry : registry.entries())
            Console::out(QString::fromUtf8(
                DisplayText::json(QJsonDocument(providerJson(entry)).toJson(QJsonDocument::Compact))));
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const ProviderRegistry::Entry& entry : registry.entries()) {
        const Provider& provider = *entry.provider;
        const ProviderCapabilities can = provider.capabilities();
        rows << QStringList{provider.id(),
                            provider.name(),
                            yesNo(can.listRoute),
                            yesNo(can.realProgress),
                            yesNo(can.thumbnail),
                            lifetimeText(can.linkLifetimeSeconds),
                            entry.builtIn ? QStringLiteral("built-in") : entry.path};
    }
    Console::out(TextTable::format({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("LIST"),
                                    QStringLiteral("PROGRESS"), QStringLiteral("THUMBNAIL"),
                                    QStringLiteral("LINKS LAST"), QStringLiteral("SOURCE")},
                                   rows));
    return ExitOk;
}

} // namespace Reelwatch

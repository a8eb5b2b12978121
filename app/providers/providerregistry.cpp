#include "providerregistry.h"

#include "builtin/codeproviders.h"
#include "core/genericprovider.h"
#include "describedprovider.h"
#include "providerfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace Reelwatch {

namespace {

// The built-in descriptions: app/providers/builtin/*.json, compiled in as resources.
const char* const kBuiltInFolder = ":/reelwatch/providers";

} // namespace

QList<std::shared_ptr<const Provider>> ProviderRegistry::makeBuiltIns()
{
    QList<std::shared_ptr<const Provider>> providers = {GenericProvider::shared()};
    const QStringList files
        = QDir(QString::fromLatin1(kBuiltInFolder)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : files) {
        QFile file(QString::fromLatin1(kBuiltInFolder) + QLatin1Char('/') + name);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("built-in provider %s cannot be read", qPrintable(name));
        const ProviderFileResult read = ProviderFile::parse(file.readAll(), name);
        // A built-in description is checked by the tests; one that fails here is a build defect.
        if (!read.description)
            qFatal("built-in provider: %s", qPrintable(read.error));
        providers << CodeProviders::make(*read.description);
    }
    return providers;
}

const ProviderRegistry& ProviderRegistry::builtIns()
{
    static const ProviderRegistry registry;
    return registry;
}

ProviderRegistry::EndpointOutcome ProviderRegistry::endpoint(const QString& providerId, const QString& baseText,
                                                             AuthMode authMode) const
{
    EndpointOutcome outcome;
    const std::shared_ptr<const Provider> provider = find(providerId);
    if (!provider) {
        outcome.error = unknownProviderError(providerId);
        return outcome;
    }
    QString base = baseText.trimmed();
    if (base.isEmpty()) {
        // No silent default host: only a provider with one public address fills it in.
        if (provider->publicBaseUrl().isEmpty()) {
            outcome.error = tr("%1 has no public address of its own: give the server's URL").arg(provider->name());
            return outcome;
        }
        base = provider->publicBaseUrl().toString();
    }
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(base);
    if (!check.ok) {
        outcome.error = check.error;
        return outcome;
    }
    outcome.endpoint = ApiEndpoint(check.url, provider, authMode);
    return outcome;
}

QString ProviderRegistry::defaultInstalledFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/providers");
}

ProviderRegistry::ProviderRegistry(const QString& installedFolder)
    : m_installedFolder(installedFolder)
{
    // The built-in list is made once per process; every registry shares its providers.
    static const QList<std::shared_ptr<const Provider>> builtIn = makeBuiltIns();
    for (const std::shared_ptr<const Provider>& provider : builtIn)
        m_entries << Entry{provider, true, QString()};
    if (installedFolder.isEmpty())
        return;
    const QDir folder(installedFolder);
    for (const QString& name : folder.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QString path = folder.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            m_problems << tr("%1: cannot read it: %2").arg(path, file.errorString());
            continue;
        }
        const Outcome outcome = check(file.read(ProviderFile::kMaxFileBytes + 1), name);
        if (!outcome.provider) {
            m_problems << outcome.error;
            continue;
        }
        if (find(outcome.provider->id())) {
            m_problems << tr("%1: another installed file already describes \"%2\"").arg(name, outcome.provider->id());
            continue;
        }
        m_entries << Entry{outcome.provider, false, path};
    }
}

std::shared_ptr<const Provider> ProviderRegistry::find(const QString& id) const
{
    for (const Entry& entry : m_entries) {
        if (entry.provider->id() == id)
            return entry.provider;
    }
    return nullptr;
}

QStringList ProviderRegistry::ids() const
{
    QStringList ids;
    for (const Entry& entry : m_entries)
        ids << entry.provider->id();
    return ids;
}

QString ProviderRegistry::unknownProviderError(const QString& id) const
{
    return tr("unknown provider \"%1\"; known: %2").arg(id, ids().join(QStringLiteral(", ")));
}

ProviderRegistry::Outcome ProviderRegistry::check(const QByteArray& text, const QString& fileName) const
{
    Outcome outcome;
    const ProviderFileResult read = ProviderFile::parse(text, fileName);
    if (!read.description) {
        outcome.error = read.error;
        return outcome;
    }
    for (const Entry& entry : m_entries) {
        if (entry.builtIn && entry.provider->id() == read.description->id) {
            outcome.error = tr("%1: \"%2\" is the id of a built-in provider; give yours another id")
                                .arg(fileName, read.description->id);
            return outcome;
        }
    }
    outcome.provider = std::make_shared<DescribedProvider>(*read.description);
    return outcome;
}

ProviderRegistry::Outcome ProviderRegistry::load(const QString& path) const
{
    const ProviderFileResult read = ProviderFile::read(path);
    if (!read.description)
        return Outcome{nullptr, read.error};
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return check(file.read(ProviderFile::kMaxFileBytes + 1), QFileInfo(path).fileName());
}

ProviderRegistry::Outcome ProviderRegistry::install(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Outcome{nullptr, tr("%1: cannot read it: %2").arg(path, file.errorString())};
    return installText(file.read(ProviderFile::kMaxFileBytes + 1), QFileInfo(path).fileName());
}

ProviderRegistry::Outcome ProviderRegistry::installText(const QByteArray& text, const QString& fileName)
{
    Outcome outcome = check(text, fileName);
    if (!outcome.provider)
        return outcome;
    if (m_installedFolder.isEmpty()) {
        outcome = Outcome{nullptr, tr("no folder for provider files")};
        return outcome;
    }
    const QString id = outcome.provider->id();
    QDir().mkpath(m_installedFolder);
    const QString target = QDir(m_installedFolder).filePath(id + QStringLiteral(".json"));
    QSaveFile save(target);
    if (!save.open(QIODevice::WriteOnly) || save.write(text) != text.size() || !save.commit())
        return Outcome{nullptr, tr("%1: cannot write it: %2").arg(target, save.errorString())};
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).provider->id() == id) {
            m_entries[i] = Entry{outcome.provider, false, target};
            return outcome;
        }
    }
    m_entries << Entry{outcome.provider, false, target};
    return outcome;
}

QByteArray ProviderRegistry::installedText(const QString& id) const
{
    for (const Entry& entry : m_entries) {
        if (!entry.builtIn && entry.provider->id() == id) {
            QFile file(entry.path);
            return file.open(QIODevice::ReadOnly) ? file.read(ProviderFile::kMaxFileBytes + 1) : QByteArray();
        }
    }
    return QByteArray();
}

} // namespace Reelwatch

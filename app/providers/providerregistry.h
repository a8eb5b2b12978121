#pragma once

#include "core/apiendpoint.h"
#include "core/provider.h"

#include <memory>
#include <optional>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace Reelwatch {

// Every provider Reelwatch can speak: the built-in ones (each in app/providers/builtin, most as a
// description shipped as a resource) and the provider files installed in the data folder. The
// store, the settings, the CLI and its help and completions all read this list; none of them names
// a provider.
class ProviderRegistry
{
    Q_DECLARE_TR_FUNCTIONS(ProviderRegistry)

public:
    struct Entry
    {
        std::shared_ptr<const Provider> provider;
        bool builtIn = false;
        QString path; // the installed file, for an installed provider
    };
    struct Outcome
    {
        std::shared_ptr<const Provider> provider;
        QString error;
    };

    // The built-in providers and the files in `installedFolder` (none when it is empty). A file that
    // cannot be read is left out and named in problems().
    explicit ProviderRegistry(const QString& installedFolder = QString());

    // Where installed provider files live: <data folder>/providers.
    static QString defaultInstalledFolder();
    // The built-in providers alone, made once.
    static const ProviderRegistry& builtIns();
    // Every built-in provider, newly made (ProviderRegistry's own list; the tests iterate it).
    static QList<std::shared_ptr<const Provider>> makeBuiltIns();

    std::shared_ptr<const Provider> find(const QString& id) const;
    // "unknown provider "acme"; known: openai, runway, …": for people, when find() has nothing.
    QString unknownProviderError(const QString& id) const;
    // Built-in first (in the order of the README's table), then installed by id.
    const QList<Entry>& entries() const { return m_entries; }
    QStringList ids() const;
    const QStringList& problems() const { return m_problems; }
    QString installedFolder() const { return m_installedFolder; }

    // Reads a provider file for this run only (--provider-file): checked, not installed. An id that a
    // built-in provider has is refused.
    Outcome load(const QString& path) const;
    // Reads a provider file and copies it into the installed folder as <id>.json (replacing an earlier
    // file of that id), then adds it to this registry.
    Outcome install(const QString& path);
    struct EndpointOutcome
    {
        std::optional<ApiEndpoint> endpoint;
        QString error;
    };
    // Where a profile (or a one-off run) sends its requests: `baseText` checked by
    // ApiEndpoint::normaliseBaseUrl, else the provider's public address; the provider by id. The auth
    // mode matters to the OpenAI shape alone (its frontend-token routes). Every failure is worded for people.
    EndpointOutcome endpoint(const QString& providerId, const QString& baseText, AuthMode authMode) const;

    // The same with the file's text (an import brings provider files inside the profiles' file).
    Outcome installText(const QByteArray& text, const QString& fileName);
    // The text of an installed provider's file (an export carries it); empty for a built-in one.
    QByteArray installedText(const QString& id) const;

private:
    Outcome check(const QByteArray& text, const QString& fileName) const;

    QString m_installedFolder;
    QList<Entry> m_entries;
    QStringList m_problems;
};

} // namespace Reelwatch

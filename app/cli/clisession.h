#pragma once

#include "connectionoptions.h"
#include "store/store.h"

#include <memory>
#include <QProcessEnvironment>

class QCommandLineParser;

namespace Reelwatch {

class ProviderRegistry;
class SecretStore;
struct SecretResult;

// What a command works with: the store and a profile, or an ad-hoc server given with --base-url
// (or REELWATCH_BASE_URL, or a --provider with a public address). Ad-hoc runs never open the store; profile runs record
// what they learn in it, exactly as the window does.
class CliSession
{
public:
    explicit CliSession(QString commandName);
    ~CliSession();

    // --profile plus the connection options (--provider, --provider-file, --base-url, --auth, --timeout).
    static void addOptions(QCommandLineParser& parser, bool withConnection = true);

    // Opens the store (creating it on first use); prints why not on failure (exit 5 when the file or
    // its folder cannot be written, as on a full disk).
    bool openStore();
    Store& store() { return m_store; }
    // The exit code for the store call that just failed: 5 when the database could not be written
    // (a full disk, a read-only file), else 1.
    ExitCode storeFailureCode() const;

    // The profile named by --profile, else the default one. Needs openStore().
    std::optional<Profile> selectProfile(const QCommandLineParser& parser);

    // Resolves where to send requests and with which secret. Prints the reason and sets exitCode()
    // when that is impossible (no key, no keychain, a bad URL).
    bool resolveConnection(const QCommandLineParser& parser);
    bool isAdHoc() const { return m_adHoc; }
    const Connection& connection() const { return m_connection; }
    const std::optional<Profile>& profile() const { return m_profile; }
    ExitCode exitCode() const { return m_exitCode; }

    // The built-in providers and those installed in the data folder.
    ProviderRegistry& providers();
    // The provider of `profile`; null (with the reason printed) when it is not installed here.
    std::shared_ptr<const Provider> providerOf(const Profile& profile);

    // The keychain; tests and the GUI may substitute another store before resolveConnection().
    SecretStore* secretStore();

    void fail(const QString& message, ExitCode code);
    // A keychain that did not answer with a key (exit code 3): its own plain sentence, and where there
    // is no keyring at all, the way to run without one.
    void failKeychain(const SecretResult& result);

private:
    QString m_command;
    Store m_store;
    bool m_storeOpen = false;
    bool m_adHoc = false;
    std::optional<Profile> m_profile;
    Connection m_connection;
    ExitCode m_exitCode = ExitOk;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<ProviderRegistry> m_providers;
};

} // namespace Reelwatch

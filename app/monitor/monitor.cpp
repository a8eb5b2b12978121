#include "monitor.h"

#include "core/secretredactor.h"
#include "downloadcenter.h"
#include "net/connectivity.h"
#include "net/videoapi.h"
#include "secrets/secretstore.h"
#include "store/store.h"
#include "store/storerecorder.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QProcessEnvironment>
#include <QTimer>

namespace Reelwatch {

struct Monitor::Runtime
{
    Profile profile;
    std::unique_ptr<VideoApi> api;
    std::unique_ptr<Poller> poller;
    std::unique_ptr<StoreRecorder> recorder;
    KeySource keySource = KeySource::Pending;
    QString keyProblem;
    QByteArray secret; // what the API client sends; kept so a rebuilt client can go on with it
};

Monitor::Monitor(Store* store, SecretStore* secrets, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_secrets(secrets)
    , m_network(new QNetworkAccessManager(this))
    , m_downloads(new DownloadCenter(this, this))
{ }

Monitor::~Monitor()
{
    // Downloads first: they use the network manager, which as an older child would go before them.
    delete m_downloads;
    m_downloads = nullptr;
    // Recorders flush on destruction; they must go before the pollers that feed them.
    for (const auto& runtime : std::as_const(m_runtimes))
        runtime->recorder.reset();
}

void Monitor::start()
{
    m_profiles = m_store->profiles();
    for (const Profile& profile : std::as_const(m_profiles)) {
        const std::shared_ptr<Runtime> runtime = buildRuntime(profile);
        m_runtimes.insert(profile.id, runtime);
        requestKey(runtime);
    }
}

std::shared_ptr<Monitor::Runtime> Monitor::buildRuntime(const Profile& profile)
{
    if (!m_connectivity)
        m_connectivity = new Connectivity(this);
    auto runtime = std::make_shared<Runtime>();
    runtime->profile = profile;
    // Checked again on use, so a hand-edited database cannot make the window send a key over http.
    const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(profile.baseUrl.toString());
    runtime->api = std::make_unique<VideoApi>(
        m_network, ApiEndpoint(base.ok ? base.url : QUrl(QStringLiteral("https://invalid.invalid")), profile.authMode),
        QByteArray());
    if (!base.ok) {
        runtime->keySource = KeySource::Unavailable;
        runtime->keyProblem = tr("the profile's server URL is unusable: %1").arg(base.error);
    }
    runtime->poller = std::make_unique<Poller>(runtime->api.get(), profile.poll);
    runtime->recorder = std::make_unique<StoreRecorder>(m_store, profile.id);
    Poller* poller = runtime->poller.get();
    const qint64 profileId = profile.id;
    connect(poller, &Poller::taskUpdated, runtime->recorder.get(), &StoreRecorder::record);
    connect(poller, &Poller::taskUpdated, this,
            [this, profileId](const TaskUpdate& update) { emit taskUpdated(profileId, update); });
    connect(poller, &Poller::stateChanged, this, &Monitor::stateChanged);
    connect(runtime->recorder.get(), &StoreRecorder::writeFailed, this, &Monitor::storeWriteFailed);
    if (!ApiEndpoint::isLoopbackHost(profile.baseUrl.host())) {
        poller->setOnline(m_connectivity->isOnline());
        connect(m_connectivity, &Connectivity::onlineChanged, poller, &Poller::setOnline);
    }
    return runtime;
}

std::optional<Profile> Monitor::profile(qint64 profileId) const
{
    Runtime* runtime = runtimeFor(profileId);
    return runtime ? std::optional<Profile>(runtime->profile) : std::nullopt;
}

qint64 Monitor::defaultProfileId() const
{
    for (const Profile& profile : m_profiles) {
        if (profile.isDefault)
            return profile.id;
    }
    return m_profiles.isEmpty() ? 0 : m_profiles.first().id;
}

QList<StoredTask> Monitor::storedTasks() const
{
    return m_store->tasks(std::nullopt, false);
}

void Monitor::reloadProfiles()
{
    m_profiles = m_store->profiles();
    for (const Profile& profile : std::as_const(m_profiles)) {
        if (Runtime* runtime = runtimeFor(profile.id))
            runtime->profile = profile;
    }
}

std::optional<Profile> Monitor::addProfile(const QString& name, const QString& baseUrl, AuthMode authMode,
                                           const PollSettings& poll, QString* error)
{
    const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(baseUrl);
    if (!base.ok) {
        *error = base.error;
        return std::nullopt;
    }
    std::optional<Profile> created;
    // The profile and its poll settings land together or not at all.
    const bool ok = m_store->transaction(
        [&](QString* failure) {
            created = m_store->addProfile(name, base.url, authMode, failure);
            if (!created)
                return false;
            created->poll = poll;
            return m_store->updateProfile(*created, failure);
        },
        error);
    if (!ok)
        return std::nullopt;
    created = m_store->profile(created->id);
    if (!created) {
        *error = tr("the new profile could not be read back");
        return std::nullopt;
    }
    const std::shared_ptr<Runtime> runtime = buildRuntime(*created);
    m_runtimes.insert(created->id, runtime);
    reloadProfiles();
    requestKey(runtime);
    emit profilesChanged();
    return m_runtimes.value(created->id)->profile;
}

namespace {

bool samePollSettings(const PollSettings& a, const PollSettings& b)
{
    // Only what the store keeps: the rest are fixed policy.
    return a.baseIntervalMs == b.baseIntervalMs && a.maxIntervalMs == b.maxIntervalMs && a.maxInFlight == b.maxInFlight
        && a.maxRequestsPerSecond == b.maxRequestsPerSecond;
}

} // namespace

bool Monitor::updateProfile(const Profile& changed, QString* error)
{
    Runtime* runtime = runtimeFor(changed.id);
    if (!runtime) {
        *error = tr("no such profile");
        return false;
    }
    const Profile before = runtime->profile;
    if (!m_store->updateProfile(changed, error))
        return false;
    const std::optional<Profile> stored = m_store->profile(changed.id); // normalised URL, clamped settings
    if (!stored) {
        *error = tr("no such profile");
        return false;
    }
    if (stored->baseUrl != before.baseUrl || stored->authMode != before.authMode
        || stored->keychainId != before.keychainId) {
        replaceRuntime(*stored);
    } else if (!samePollSettings(stored->poll, before.poll)) {
        // Applied in place: a rebuilt poller would forget a server's Retry-After and poll at once.
        runtime->poller->setSettings(stored->poll);
    }
    reloadProfiles();
    emit profilesChanged();
    emit stateChanged();
    return true;
}

void Monitor::replaceRuntime(const Profile& profile)
{
    const std::shared_ptr<Runtime> old = m_runtimes.take(profile.id);
    const KeySource source = old->keySource;
    const QByteArray secret = old->secret;
    const bool sameKey = old->profile.keychainId == profile.keychainId;
    // The old client's requests in flight die with it; its recorded answers are written first.
    old->recorder->flush();
    old->recorder.reset();
    old->poller.reset();
    old->api.reset();

    const std::shared_ptr<Runtime> runtime = buildRuntime(profile);
    m_runtimes.insert(profile.id, runtime);
    if (!runtime->keyProblem.isEmpty()) {
        emit keyStateChanged(profile.id); // the new URL is unusable
        return;
    }
    if (sameKey && (source == KeySource::Keychain || source == KeySource::Session)) {
        runtime->keySource = source;
        startPolling(*runtime, secret);
        return;
    }
    // An environment key depends on the auth mode; anything else is asked for again.
    requestKey(runtime);
    emit keyStateChanged(profile.id);
}

bool Monitor::removeProfile(qint64 profileId, QString* error)
{
    const std::shared_ptr<Runtime> runtime = m_runtimes.value(profileId); // kept alive past its removal
    if (!runtime) {
        *error = tr("no such profile");
        return false;
    }
    if (m_runtimes.size() <= 1) {
        *error = tr("the last profile cannot be removed; add another one first");
        return false;
    }
    runtime->recorder->flush();
    if (!m_store->removeProfile(profileId, error))
        return false;
    m_runtimes.remove(profileId);
    runtime->recorder.reset();
    runtime->poller.reset(); // no request goes out for this profile from here on
    runtime->api.reset();
    // Its key goes with it; a missing keychain only means there is nothing to delete there.
    m_secrets->remove(runtime->profile.keychainId, [](const SecretResult&) {});
    reloadProfiles();
    emit profileRemoved(profileId);
    emit profilesChanged();
    emit stateChanged();
    return true;
}

bool Monitor::setDefaultProfile(qint64 profileId, QString* error)
{
    if (!m_runtimes.contains(profileId)) {
        *error = tr("no such profile");
        return false;
    }
    if (!m_store->setDefaultProfile(profileId, error))
        return false;
    reloadProfiles();
    emit profilesChanged();
    return true;
}

void Monitor::testConnection(qint64 profileId, const QString& baseUrl, AuthMode authMode, const QByteArray& secret,
                             QObject* context, std::function<void(const ConnectionTestResult&)> done)
{
    const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(baseUrl);
    if (!base.ok) {
        const ConnectionTestResult refused{false, tr("Not tested: %1").arg(base.error)};
        QTimer::singleShot(0, context, [done = std::move(done), refused] { done(refused); });
        return;
    }
    QByteArray key = secret.trimmed();
    QString taskId;
    if (const Runtime* runtime = runtimeFor(profileId)) {
        if (key.isEmpty() && hasKey(runtime->keySource) && runtime->profile.authMode == authMode)
            key = runtime->secret;
        // The latest task still polled says the most: a real ID shows the status the user cares about.
        const QList<StoredTask> tasks = m_store->tasks(profileId, false);
        for (auto task = tasks.crbegin(); task != tasks.crend(); ++task) {
            if (!task->gaveUp) {
                taskId = task->taskId;
                break;
            }
        }
    }
    const bool knownTask = !taskId.isEmpty();
    if (!knownTask)
        taskId = QString::fromLatin1(kConnectionTestId);
    auto* api = new VideoApi(m_network, ApiEndpoint(base.url, authMode), key, this);
    api->setTimeoutMs(m_connectionTestTimeoutMs);
    QPointer<QObject> guard(context);
    const bool https = base.url.scheme() == QLatin1String("https");
    api->fetchStatus(taskId, api,
                     [api, guard, done = std::move(done), knownTask, key, https](const FetchResult& result) {
                         api->deleteLater();
                         if (!guard)
                             return;
                         ConnectionTestResult outcome = describeConnectionTest(result, knownTask, !key.isEmpty());
                         // A plain-http server hangs up on a TLS handshake without a word: say what it most likely
                         // means.
                         if (https && result.error.kind == FetchErrorKind::Network
                             && result.error.message.contains(QLatin1String("closed"), Qt::CaseInsensitive))
                             outcome.message += tr(" (does the server speak https on this port?)");
                         outcome.message = SecretRedactor::redact(outcome.message, key);
                         done(outcome);
                     });
}

ConnectionTestResult Monitor::describeConnectionTest(const FetchResult& result, bool knownTask, bool sentKey)
{
    const QString id = result.requestedId;
    if (result.ok())
        return {true, tr("Connected: %1 is %2").arg(id, statusWireName(result.task->status))};
    const QString message = result.error.message;
    // The interpreter says "what happened (HTTP n): the server's words"; the words are what is new.
    const qsizetype split = message.indexOf(QLatin1String("): "));
    const QString serverWords = split >= 0 ? message.mid(split + 3) : QString();
    const auto withWords = [&serverWords](const QString& text) {
        return serverWords.isEmpty() ? text + QLatin1Char('.') : text + QStringLiteral(": ") + serverWords;
    };
    const QString http = QString::number(result.httpStatus);
    const bool html = message.contains(QLatin1String("HTML"), Qt::CaseInsensitive);
    switch (result.error.kind) {
    case FetchErrorKind::None:
        break;
    case FetchErrorKind::NotFound:
        if (knownTask)
            return {true, tr("Connected: the key was accepted, but the server does not know %1 (%2)").arg(id, message)};
        return {true,
                sentKey ? tr("Connected: the server answered and accepted the key (the test ID does not exist, as "
                             "expected)")
                        : tr("Connected: the server answered without asking for a key (the test ID does not exist, as "
                             "expected)")};
    case FetchErrorKind::Unauthorized:
        if (!sentKey)
            return {false, withWords(tr("The server wants a key (HTTP %1), and none was entered or stored").arg(http))};
        return {false, withWords(tr("The server rejected the key (HTTP %1)").arg(http))};
    case FetchErrorKind::RateLimited:
        return {true, tr("Connected, but the server is limiting requests right now: %1").arg(message)};
    case FetchErrorKind::ServerError:
        return {false, withWords(tr("The server answered with an error (HTTP %1)").arg(http))};
    case FetchErrorKind::InvalidResponse:
        if (html)
            return {false,
                    tr("The server answered with a web page, not the video API; check the base URL (%1)").arg(message)};
        return {false, tr("The server's answer is not the video API's: %1").arg(message)};
    case FetchErrorKind::TooLarge:
        return {false, tr("The server's answer is far too large for a task status: %1").arg(message)};
    case FetchErrorKind::Timeout: {
        QString detail = message;
        if (detail.startsWith(QLatin1String("timed out: ")))
            detail = detail.mid(11);
        return {false, tr("The server did not answer in time: %1").arg(detail)};
    }
    case FetchErrorKind::Network: {
        const QString lower = message.toLower();
        if (lower.contains(QLatin1String("ssl")) || lower.contains(QLatin1String("tls"))
            || lower.contains(QLatin1String("certificate")))
            return {false, tr("The secure connection (TLS) failed: %1").arg(message)};
        if (lower.contains(QLatin1String("refused")))
            return {false, tr("The connection was refused; nothing is listening there: %1").arg(message)};
        if (lower.contains(QLatin1String("not found")) || lower.contains(QLatin1String("lookup")))
            return {false, tr("The server's name could not be resolved (DNS): %1").arg(message)};
        return {false, tr("The server could not be reached: %1").arg(message)};
    }
    case FetchErrorKind::InvalidId:
        return {false, tr("The test ID could not be sent: %1").arg(message)};
    }
    return {false, message};
}

void Monitor::requestKey(const std::shared_ptr<Runtime>& shared)
{
    Runtime& runtime = *shared;
    const QString variable = secretEnvironmentVariable(runtime.profile.authMode);
    const QByteArray fromEnvironment = QProcessEnvironment::systemEnvironment().value(variable).trimmed().toUtf8();
    if (!runtime.keyProblem.isEmpty())
        return; // an unusable profile never gets a key
    if (fromEnvironment.contains('\n') || fromEnvironment.contains('\r')) {
        runtime.keySource = KeySource::Unavailable;
        runtime.keyProblem = tr("%1 contains a line break; it must be a single line").arg(variable);
        emit keyStateChanged(runtime.profile.id);
        return;
    }
    if (!fromEnvironment.isEmpty()) {
        runtime.keySource = KeySource::Environment;
        startPolling(runtime, fromEnvironment);
        return;
    }
    runtime.keySource = KeySource::Pending;
    const qint64 profileId = runtime.profile.id;
    // The answer belongs to this runtime only: a profile rebuilt or removed meanwhile asks again itself.
    const std::weak_ptr<Runtime> weak = shared;
    m_secrets->read(runtime.profile.keychainId, [this, profileId, weak](const SecretResult& result) {
        const std::shared_ptr<Runtime> current = weak.lock();
        // A key entered or saved meanwhile is newer than whatever this read found.
        if (!current || current->keySource != KeySource::Pending)
            return;
        if (result.ok()) {
            current->keySource = KeySource::Keychain;
            current->keyProblem.clear();
            startPolling(*current, result.secret);
        } else {
            current->keySource
                = result.status == SecretResult::Status::NotFound ? KeySource::Missing : KeySource::Unavailable;
            current->keyProblem = result.message;
            emit keyStateChanged(profileId);
        }
    });
}

void Monitor::startPolling(Runtime& runtime, const QByteArray& secret)
{
    runtime.secret = secret;
    runtime.api->setSecret(secret);
    runtime.poller->keyChanged();
    runtime.poller->setPaused(m_paused);
    // Tasks already known to be finished are shown but never polled again.
    for (const StoredTask& stored : m_store->tasks(runtime.profile.id, false)) {
        if (!stored.gaveUp)
            runtime.poller->addTask(stored.taskId, stored.last);
    }
    emit keyStateChanged(runtime.profile.id);
}

bool Monitor::addTasks(qint64 profileId, const QStringList& taskIds, const QString& label, QStringList* added,
                       QString* error)
{
    Runtime* runtime = runtimeFor(profileId);
    if (!runtime) {
        *error = tr("no such profile");
        return false;
    }
    const std::optional<Store::AddOutcome> outcome = m_store->addTasks(profileId, taskIds, label, error);
    if (!outcome)
        return false;
    if (added)
        *added = outcome->added;
    if (hasKey(runtime->keySource)) {
        for (const QString& id : outcome->added)
            runtime->poller->addTask(id);
    }
    if (!outcome->added.isEmpty())
        emit tasksAdded(profileId, outcome->added);
    return true;
}

bool Monitor::removeTasks(qint64 profileId, const QStringList& taskIds, QString* error)
{
    Runtime* runtime = runtimeFor(profileId);
    if (!runtime) {
        *error = tr("no such profile");
        return false;
    }
    runtime->recorder->flush(); // pending writes for these tasks must not resurrect them
    if (m_store->removeTasks(profileId, taskIds, error) < 0)
        return false;
    for (const QString& id : taskIds)
        runtime->poller->removeTask(id);
    return true;
}

void Monitor::refreshAll()
{
    for (const auto& runtime : std::as_const(m_runtimes))
        runtime->poller->refreshAllNow();
}

void Monitor::refreshTasks(qint64 profileId, const QStringList& taskIds)
{
    Runtime* runtime = runtimeFor(profileId);
    if (!runtime || !hasKey(runtime->keySource))
        return;
    Poller* poller = runtime->poller.get();
    for (const QString& id : taskIds) {
        const std::optional<StoredTask> stored = m_store->task(profileId, id);
        if (!stored || stored->archived)
            continue;
        if (stored->gaveUp) {
            poller->removeTask(id);
            poller->addTask(id, stored->last);
        }
        poller->refreshNow(id);
    }
}

bool Monitor::setArchived(qint64 profileId, const QStringList& taskIds, bool archived, QString* error)
{
    Runtime* runtime = runtimeFor(profileId);
    if (!runtime) {
        *error = tr("no such profile");
        return false;
    }
    runtime->recorder->flush();
    if (!m_store->setArchived(profileId, taskIds, archived, error))
        return false;
    if (!hasKey(runtime->keySource))
        return true; // polling starts with the key, from the store's unarchived tasks
    Poller* poller = runtime->poller.get();
    for (const QString& id : taskIds) {
        if (archived) {
            poller->removeTask(id);
        } else if (const std::optional<StoredTask> stored = m_store->task(profileId, id); stored && !stored->gaveUp) {
            poller->addTask(id, stored->last);
        }
    }
    return true;
}

void Monitor::setPaused(bool paused)
{
    m_paused = paused;
    for (const auto& runtime : std::as_const(m_runtimes))
        runtime->poller->setPaused(paused);
    emit stateChanged();
}

Monitor::KeySource Monitor::keySource(qint64 profileId) const
{
    Runtime* runtime = runtimeFor(profileId);
    return runtime ? runtime->keySource : KeySource::Missing;
}

QString Monitor::keyProblem(qint64 profileId) const
{
    Runtime* runtime = runtimeFor(profileId);
    return runtime ? runtime->keyProblem : QString();
}

void Monitor::useSessionKey(qint64 profileId, const QByteArray& secret)
{
    Runtime* runtime = runtimeFor(profileId);
    if (!runtime || secret.isEmpty())
        return;
    useKey(*runtime, secret, KeySource::Session);
}

bool Monitor::hasKey(KeySource source)
{
    return source == KeySource::Keychain || source == KeySource::Environment || source == KeySource::Session;
}

void Monitor::useKey(Runtime& runtime, const QByteArray& secret, KeySource source)
{
    const bool wasPolling = hasKey(runtime.keySource);
    runtime.keySource = source;
    runtime.keyProblem.clear();
    if (!wasPolling) {
        startPolling(runtime, secret);
        return;
    }
    runtime.secret = secret;
    runtime.api->setSecret(secret);
    runtime.poller->keyChanged();
    emit keyStateChanged(runtime.profile.id);
}

void Monitor::storeKey(qint64 profileId, const QByteArray& secret, QObject* context,
                       std::function<void(bool ok, const QString& problem)> done)
{
    const Runtime* runtime = runtimeFor(profileId);
    if (!runtime || secret.isEmpty()) {
        done(false, tr("no such profile, or an empty key"));
        return;
    }
    QPointer<QObject> guard(context);
    m_secrets->write(runtime->profile.keychainId, secret,
                     [this, profileId, secret, guard, done](const SecretResult& result) {
                         Runtime* current = runtimeFor(profileId);
                         // An environment override still wins; otherwise the keychain's key is used from now on.
                         if (result.ok() && current && current->keySource != KeySource::Environment)
                             useKey(*current, secret, KeySource::Keychain);
                         if (guard)
                             done(result.ok(), result.message);
                     });
}

Monitor::Runtime* Monitor::runtimeFor(qint64 profileId) const
{
    const auto it = m_runtimes.constFind(profileId);
    return it == m_runtimes.constEnd() ? nullptr : it->get();
}

void Monitor::flushRecorded(qint64 profileId) const
{
    if (const Runtime* runtime = runtimeFor(profileId); runtime && runtime->recorder)
        runtime->recorder->flush();
}

std::optional<Downloader::Request> Monitor::downloadRequest(qint64 profileId, const QString& taskId,
                                                            const QString& variant, QString* error) const
{
    const Runtime* runtime = runtimeFor(profileId);
    flushRecorded(profileId); // the answer that made the task finish may still be on its way
    const std::optional<StoredTask> stored = runtime ? m_store->task(profileId, taskId) : std::nullopt;
    if (!stored) {
        *error = tr("The task is no longer on the board.");
        return std::nullopt;
    }
    if (!stored->last || stored->last->status != TaskStatus::Success) {
        *error = tr("The render has not succeeded, so there is nothing to download.");
        return std::nullopt;
    }
    if (!hasKey(runtime->keySource) || !runtime->api) {
        *error = tr("There is no key for the profile “%1”.").arg(runtime->profile.name);
        return std::nullopt;
    }
    return Downloader::forTask(runtime->api->endpoint(), runtime->secret, *stored->last, variant);
}

Poller* Monitor::poller(qint64 profileId) const
{
    Runtime* runtime = runtimeFor(profileId);
    return runtime ? runtime->poller.get() : nullptr;
}

VideoApi* Monitor::api(qint64 profileId) const
{
    Runtime* runtime = runtimeFor(profileId);
    return runtime ? runtime->api.get() : nullptr;
}

std::optional<qint64> Monitor::msUntilNextPoll() const
{
    std::optional<qint64> earliest;
    for (const auto& runtime : std::as_const(m_runtimes)) {
        const std::optional<qint64> next = runtime->poller->msUntilNextPoll();
        if (next && (!earliest || *next < *earliest))
            earliest = next;
    }
    return earliest;
}

ProfileState Monitor::overallState() const
{
    if (m_paused)
        return ProfileState::Paused;
    // The state that most needs the user's attention wins.
    ProfileState worst = ProfileState::Polling;
    const auto rank = [](ProfileState state) {
        switch (state) {
        case ProfileState::KeyRejected:
            return 4;
        case ProfileState::Offline:
            return 3;
        case ProfileState::RateLimited:
            return 2;
        case ProfileState::Paused:
            return 1;
        case ProfileState::Polling:
            return 0;
        }
        return 0;
    };
    for (const auto& runtime : std::as_const(m_runtimes)) {
        if (rank(runtime->poller->state()) > rank(worst))
            worst = runtime->poller->state();
    }
    return worst;
}

} // namespace Reelwatch

#include "monitor.h"

#include "net/connectivity.h"
#include "net/videoapi.h"
#include "secrets/secretstore.h"
#include "store/store.h"
#include "store/storerecorder.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QProcessEnvironment>

namespace Reelwatch {

struct Monitor::Runtime
{
    Profile profile;
    std::unique_ptr<VideoApi> api;
    std::unique_ptr<Poller> poller;
    std::unique_ptr<StoreRecorder> recorder;
    KeySource keySource = KeySource::Pending;
    QString keyProblem;
};

Monitor::Monitor(Store* store, SecretStore* secrets, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_secrets(secrets)
    , m_network(new QNetworkAccessManager(this))
{ }

Monitor::~Monitor()
{
    // Recorders flush on destruction; they must go before the pollers that feed them.
    for (const auto& runtime : std::as_const(m_runtimes))
        runtime->recorder.reset();
}

void Monitor::start()
{
    m_profiles = m_store->profiles();
    auto* connectivity = new Connectivity(this);
    for (const Profile& profile : std::as_const(m_profiles)) {
        auto runtime = std::make_shared<Runtime>();
        runtime->profile = profile;
        // Checked again on use, so a hand-edited database cannot make the window send a key over http.
        const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(profile.baseUrl.toString());
        runtime->api = std::make_unique<VideoApi>(
            m_network,
            ApiEndpoint(base.ok ? base.url : QUrl(QStringLiteral("https://invalid.invalid")), profile.authMode),
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
            poller->setOnline(connectivity->isOnline());
            connect(connectivity, &Connectivity::onlineChanged, poller, &Poller::setOnline);
        }
        m_runtimes.insert(profile.id, runtime);
        requestKey(*runtime);
    }
}

std::optional<Profile> Monitor::profile(qint64 profileId) const
{
    const auto it = m_runtimes.constFind(profileId);
    return it == m_runtimes.constEnd() ? std::nullopt : std::optional<Profile>((*it)->profile);
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

void Monitor::requestKey(Runtime& runtime)
{
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
    const qint64 profileId = runtime.profile.id;
    m_secrets->read(runtime.profile.keychainId, [this, profileId](const SecretResult& result) {
        const auto it = m_runtimes.constFind(profileId);
        if (it == m_runtimes.constEnd() || (*it)->keySource == KeySource::Session)
            return;
        Runtime& current = **it;
        if (result.ok()) {
            current.keySource = KeySource::Keychain;
            current.keyProblem.clear();
            startPolling(current, result.secret);
        } else {
            current.keySource
                = result.status == SecretResult::Status::NotFound ? KeySource::Missing : KeySource::Unavailable;
            current.keyProblem = result.message;
            emit keyStateChanged(profileId);
        }
    });
}

void Monitor::startPolling(Runtime& runtime, const QByteArray& secret)
{
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
    const auto it = m_runtimes.constFind(profileId);
    if (it == m_runtimes.constEnd()) {
        *error = tr("no such profile");
        return false;
    }
    const std::optional<Store::AddOutcome> outcome = m_store->addTasks(profileId, taskIds, label, error);
    if (!outcome)
        return false;
    if (added)
        *added = outcome->added;
    if (hasKey((*it)->keySource)) {
        for (const QString& id : outcome->added)
            (*it)->poller->addTask(id);
    }
    if (!outcome->added.isEmpty())
        emit tasksAdded(profileId, outcome->added);
    return true;
}

bool Monitor::removeTasks(qint64 profileId, const QStringList& taskIds, QString* error)
{
    const auto it = m_runtimes.constFind(profileId);
    if (it == m_runtimes.constEnd()) {
        *error = tr("no such profile");
        return false;
    }
    (*it)->recorder->flush(); // pending writes for these tasks must not resurrect them
    if (m_store->removeTasks(profileId, taskIds, error) < 0)
        return false;
    for (const QString& id : taskIds)
        (*it)->poller->removeTask(id);
    return true;
}

void Monitor::refreshAll()
{
    for (const auto& runtime : std::as_const(m_runtimes))
        runtime->poller->refreshAllNow();
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
    const auto it = m_runtimes.constFind(profileId);
    return it == m_runtimes.constEnd() ? KeySource::Missing : (*it)->keySource;
}

QString Monitor::keyProblem(qint64 profileId) const
{
    const auto it = m_runtimes.constFind(profileId);
    return it == m_runtimes.constEnd() ? QString() : (*it)->keyProblem;
}

void Monitor::useSessionKey(qint64 profileId, const QByteArray& secret)
{
    const auto it = m_runtimes.constFind(profileId);
    if (it == m_runtimes.constEnd() || secret.isEmpty())
        return;
    useKey(**it, secret, KeySource::Session);
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
    runtime.api->setSecret(secret);
    runtime.poller->keyChanged();
    emit keyStateChanged(runtime.profile.id);
}

void Monitor::storeKey(qint64 profileId, const QByteArray& secret, QObject* context,
                       std::function<void(bool ok, const QString& problem)> done)
{
    const auto it = m_runtimes.constFind(profileId);
    if (it == m_runtimes.constEnd() || secret.isEmpty()) {
        done(false, tr("no such profile, or an empty key"));
        return;
    }
    QPointer<QObject> guard(context);
    m_secrets->write(
        (*it)->profile.keychainId, secret, [this, profileId, secret, guard, done](const SecretResult& result) {
            const auto runtime = m_runtimes.constFind(profileId);
            // An environment override still wins; otherwise the keychain's key is used from now on.
            if (result.ok() && runtime != m_runtimes.constEnd() && (*runtime)->keySource != KeySource::Environment)
                useKey(**runtime, secret, KeySource::Keychain);
            if (guard)
                done(result.ok(), result.message);
        });
}

Poller* Monitor::poller(qint64 profileId) const
{
    const auto it = m_runtimes.constFind(profileId);
    return it == m_runtimes.constEnd() ? nullptr : (*it)->poller.get();
}

VideoApi* Monitor::api(qint64 profileId) const
{
    const auto it = m_runtimes.constFind(profileId);
    return it == m_runtimes.constEnd() ? nullptr : (*it)->api.get();
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

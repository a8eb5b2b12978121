#include "profilemanager.h"

#include "core/genericprovider.h"
#include "net/videoapi.h"
#include "profileruntime.h"
#include "providers/providerregistry.h"
#include "secrets/secretstore.h"
#include "store/store.h"

#include <QDateTime>
#include <QPointer>
#include <QProcessEnvironment>

namespace Reelwatch {

struct ProfileManager::Entry
{
    Profile profile;
    std::unique_ptr<ProfileRuntime> runtime;
    KeySource keySource = KeySource::Pending;
    QString keyProblem;
};

ProfileManager::ProfileManager(Store* store, SecretStore* secrets, const ProviderRegistry* providers,
                               QNetworkAccessManager* network, Connectivity* connectivity, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_secrets(secrets)
    , m_providers(providers)
    , m_network(network)
    , m_connectivity(connectivity)
{ }

ProfileManager::~ProfileManager()
{
    // Recorders flush on destruction, while the store is still there.
    for (const auto& entry : std::as_const(m_entries))
        entry->runtime.reset();
}

void ProfileManager::start()
{
    m_profiles = m_store->profiles();
    for (const Profile& profile : std::as_const(m_profiles)) {
        const std::shared_ptr<Entry> entry = buildEntry(profile);
        m_entries.insert(profile.id, entry);
        requestKey(entry);
    }
}

std::shared_ptr<ProfileManager::Entry> ProfileManager::buildEntry(const Profile& profile)
{
    auto entry = std::make_shared<Entry>();
    entry->profile = profile;
    // Checked again on use, so a hand-edited database cannot make the window send a key over http; a
    // profile whose provider file was removed polls nothing and says why.
    const ProviderRegistry::EndpointOutcome endpoint
        = m_providers->endpoint(profile.providerId, profile.baseUrl.toString(), profile.authMode);
    ProfileRuntime::Options options;
    options.endpoint = endpoint.endpoint.value_or(
        ApiEndpoint(QUrl(QStringLiteral("https://invalid.invalid")), GenericProvider::shared(), profile.authMode));
    options.poll = profile.poll;
    options.store = m_store;
    options.profileId = profile.id;
    if (!endpoint.endpoint) {
        entry->keySource = KeySource::Unavailable;
        entry->keyProblem = tr("The profile cannot be polled: %1.").arg(endpoint.error);
    }
    entry->runtime = std::make_unique<ProfileRuntime>(m_network, m_connectivity, options);
    const qint64 profileId = profile.id;
    ProfileRuntime* runtime = entry->runtime.get();
    connect(runtime, &ProfileRuntime::taskUpdated, this,
            [this, profileId](const TaskUpdate& update) { emit taskUpdated(profileId, update); });
    connect(runtime, &ProfileRuntime::tasksConfirmed, this,
            [this, profileId](const QStringList& ids, qint64 atMs) { emit tasksConfirmed(profileId, ids, atMs); });
    connect(runtime, &ProfileRuntime::stateChanged, this, &ProfileManager::stateChanged);
    connect(runtime, &ProfileRuntime::writeFailed, this, &ProfileManager::storeWriteFailed);
    connect(runtime, &ProfileRuntime::tasksFollowed, this,
            [this, profileId](const QList<VideoTask>& tasks) { emit tasksFollowed(profileId, tasks); });
    connect(runtime, &ProfileRuntime::followingStopped, this,
            [this, profileId](const QString& reason) { turnFollowingOff(profileId, reason); });
    return entry;
}

std::optional<Profile> ProfileManager::profile(qint64 profileId) const
{
    Entry* entry = entryFor(profileId);
    return entry ? std::optional<Profile>(entry->profile) : std::nullopt;
}

qint64 ProfileManager::defaultProfileId() const
{
    for (const Profile& profile : m_profiles) {
        if (profile.isDefault)
            return profile.id;
    }
    return m_profiles.isEmpty() ? 0 : m_profiles.first().id;
}

void ProfileManager::reloadProfiles()
{
    m_profiles = m_store->profiles();
    for (const Profile& profile : std::as_const(m_profiles)) {
        if (Entry* entry = entryFor(profile.id))
            entry->profile = profile;
    }
}

std::optional<Profile> ProfileManager::addProfile(const QString& name, const QString& providerId,
                                                  const QString& baseUrl, AuthMode authMode, const PollSettings& poll,
                                                  QString* error)
{
    const ProviderRegistry::EndpointOutcome endpoint = m_providers->endpoint(providerId, baseUrl, authMode);
    if (!endpoint.endpoint) {
        *error = endpoint.error;
        return std::nullopt;
    }
    const QUrl base = endpoint.endpoint->baseUrl();
    std::optional<Profile> created;
    // The profile and its poll settings land together or not at all.
    const bool ok = m_store->transaction(
        [&](QString* failure) {
            created = m_store->addProfile(name, base, authMode, failure, providerId);
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
    const std::shared_ptr<Entry> entry = buildEntry(*created);
    m_entries.insert(created->id, entry);
    reloadProfiles();
    requestKey(entry);
    emit profilesChanged();
    return m_entries.value(created->id)->profile;
}

bool ProfileManager::updateProfile(const Profile& changed, QString* error)
{
    Entry* entry = entryFor(changed.id);
    if (!entry) {
        *error = tr("no such profile");
        return false;
    }
    const Profile before = entry->profile;
    Profile toStore = changed;
    // "New renders" counts from the moment following is turned on.
    if (changed.follow == FollowMode::NewRenders
        && (before.follow != FollowMode::NewRenders || changed.followSinceMs <= 0))
        toStore.followSinceMs = QDateTime::currentMSecsSinceEpoch();
    if (!m_store->updateProfile(toStore, error))
        return false;
    const std::optional<Profile> stored = m_store->profile(changed.id); // normalised URL, clamped settings
    if (!stored) {
        *error = tr("no such profile");
        return false;
    }
    if (stored->baseUrl != before.baseUrl || stored->providerId != before.providerId
        || stored->authMode != before.authMode || stored->keychainId != before.keychainId) {
        replaceRuntime(*stored);
    } else {
        if (!stored->poll.sameStoredValues(before.poll)) {
            // Applied in place: a rebuilt poller would forget a server's Retry-After and poll at once.
            entry->runtime->setPollSettings(stored->poll);
        }
        if (stored->follow != before.follow || stored->followDays != before.followDays
            || stored->followSinceMs != before.followSinceMs) {
            entry->profile = *stored;
            applyFollowing(*entry);
        }
    }
    reloadProfiles();
    emit profilesChanged();
    emit stateChanged();
    return true;
}

void ProfileManager::replaceRuntime(const Profile& profile)
{
    const std::shared_ptr<Entry> old = m_entries.take(profile.id);
    const KeySource source = old->keySource;
    const QByteArray secret = old->runtime->secret();
    const bool sameKey = old->profile.keychainId == profile.keychainId;
    // The old client's requests in flight die with it; its recorded answers are written first.
    old->runtime.reset();

    const std::shared_ptr<Entry> entry = buildEntry(profile);
    m_entries.insert(profile.id, entry);
    if (!entry->keyProblem.isEmpty()) {
        emit keyStateChanged(profile.id); // the new URL is unusable
        return;
    }
    if (sameKey && (source == KeySource::Keychain || source == KeySource::Session)) {
        entry->keySource = source;
        startPolling(*entry, secret);
        return;
    }
    // An environment key depends on the auth mode; anything else is asked for again.
    requestKey(entry);
    emit keyStateChanged(profile.id);
}

bool ProfileManager::removeProfile(qint64 profileId, QString* error)
{
    const std::shared_ptr<Entry> entry = m_entries.value(profileId); // kept alive past its removal
    if (!entry) {
        *error = tr("no such profile");
        return false;
    }
    if (m_entries.size() <= 1) {
        *error = tr("the last profile cannot be removed; add another one first");
        return false;
    }
    entry->runtime->flush();
    if (!m_store->removeProfile(profileId, error))
        return false;
    m_entries.remove(profileId);
    entry->runtime.reset(); // no request goes out for this profile from here on
    // Its key goes with it; a missing keychain only means there is nothing to delete there.
    m_secrets->remove(entry->profile.keychainId, [](const SecretResult&) {});
    reloadProfiles();
    emit profileRemoved(profileId);
    emit profilesChanged();
    emit stateChanged();
    return true;
}

bool ProfileManager::setDefaultProfile(qint64 profileId, QString* error)
{
    if (!m_entries.contains(profileId)) {
        *error = tr("no such profile");
        return false;
    }
    if (!m_store->setDefaultProfile(profileId, error))
        return false;
    reloadProfiles();
    emit profilesChanged();
    return true;
}

void ProfileManager::requestKey(const std::shared_ptr<Entry>& shared)
{
    Entry& entry = *shared;
    const QString variable = secretEnvironmentVariable(entry.profile.authMode);
    const QByteArray fromEnvironment = QProcessEnvironment::systemEnvironment().value(variable).trimmed().toUtf8();
    if (!entry.keyProblem.isEmpty())
        return; // an unusable profile never gets a key
    if (fromEnvironment.contains('\n') || fromEnvironment.contains('\r')) {
        entry.keySource = KeySource::Unavailable;
        entry.keyProblem = tr("%1 contains a line break; it must be a single line.").arg(variable);
        emit keyStateChanged(entry.profile.id);
        return;
    }
    if (!fromEnvironment.isEmpty()) {
        entry.keySource = KeySource::Environment;
        startPolling(entry, fromEnvironment);
        return;
    }
    entry.keySource = KeySource::Pending;
    const qint64 profileId = entry.profile.id;
    // The answer belongs to this entry only: a profile rebuilt or removed meanwhile asks again itself.
    const std::weak_ptr<Entry> weak = shared;
    m_secrets->read(entry.profile.keychainId, [this, profileId, weak](const SecretResult& result) {
        const std::shared_ptr<Entry> current = weak.lock();
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

void ProfileManager::startPolling(Entry& entry, const QByteArray& secret)
{
    ProfileRuntime& runtime = *entry.runtime;
    runtime.setSecret(secret);
    runtime.poller()->setPaused(m_paused);
    // Tasks already known to be finished are shown but never polled again; archived ones are not polled.
    // Those confirmed longest ago are asked first.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const StoredTask& stored : m_store->tasks(entry.profile.id, false)) {
        if (stored.gaveUp)
            continue;
        std::optional<qint64> confirmedAgo;
        if (stored.checkedAtMs)
            confirmedAgo = now - *stored.checkedAtMs;
        runtime.poller()->addTask(stored.taskId, stored.last, confirmedAgo);
    }
    applyFollowing(entry);
    emit keyStateChanged(entry.profile.id);
}

void ProfileManager::applyFollowing(Entry& entry)
{
    ProfileRuntime& runtime = *entry.runtime;
    const Profile profile = entry.profile;
    if (profile.follow == FollowMode::Off || !hasKey(entry.keySource) || !runtime.hasSecret()) {
        runtime.stopFollowing();
        return;
    }
    QString why;
    const auto windowStart = [profile](qint64 nowMs) { return profile.followWindowStartMs(nowMs).value_or(nowMs); };
    if (!runtime.startFollowing(0, windowStart, &why))
        turnFollowingOff(profile.id, why);
}

void ProfileManager::turnFollowingOff(qint64 profileId, const QString& reason)
{
    Entry* entry = entryFor(profileId);
    if (!entry)
        return;
    entry->runtime->stopFollowing();
    if (entry->profile.follow != FollowMode::Off) {
        Profile off = entry->profile;
        off.follow = FollowMode::Off;
        QString error;
        if (m_store->updateProfile(off, &error))
            entry->profile = off;
        reloadProfiles();
        emit profilesChanged();
    }
    emit followingStopped(profileId, reason);
}

void ProfileManager::setPaused(bool paused)
{
    m_paused = paused;
    for (const auto& entry : std::as_const(m_entries))
        entry->runtime->poller()->setPaused(paused);
    emit stateChanged();
}

ProfileManager::KeySource ProfileManager::keySource(qint64 profileId) const
{
    Entry* entry = entryFor(profileId);
    return entry ? entry->keySource : KeySource::Missing;
}

QString ProfileManager::keyProblem(qint64 profileId) const
{
    Entry* entry = entryFor(profileId);
    return entry ? entry->keyProblem : QString();
}

bool ProfileManager::keysInSystemKeychain() const
{
    return m_secrets->isSystemKeychain();
}

QByteArray ProfileManager::secret(qint64 profileId) const
{
    Entry* entry = entryFor(profileId);
    return entry && hasKey(entry->keySource) ? entry->runtime->secret() : QByteArray();
}

void ProfileManager::useSessionKey(qint64 profileId, const QByteArray& secret)
{
    Entry* entry = entryFor(profileId);
    if (!entry || secret.isEmpty())
        return;
    useKey(*entry, secret, KeySource::Session);
}

bool ProfileManager::hasKey(KeySource source)
{
    return source == KeySource::Keychain || source == KeySource::Environment || source == KeySource::Session;
}

void ProfileManager::useKey(Entry& entry, const QByteArray& secret, KeySource source)
{
    const bool wasPolling = hasKey(entry.keySource);
    entry.keySource = source;
    entry.keyProblem.clear();
    if (!wasPolling) {
        startPolling(entry, secret);
        return;
    }
    entry.runtime->setSecret(secret);
    emit keyStateChanged(entry.profile.id);
}

void ProfileManager::storeKey(qint64 profileId, const QByteArray& secret, QObject* context,
                              std::function<void(bool ok, const QString& problem)> done)
{
    const Entry* entry = entryFor(profileId);
    if (!entry || secret.isEmpty()) {
        done(false, tr("There is no such profile, or the key is empty."));
        return;
    }
    QPointer<QObject> guard(context);
    m_secrets->write(entry->profile.keychainId, secret,
                     [this, profileId, secret, guard, done](const SecretResult& result) {
                         Entry* current = entryFor(profileId);
                         // An environment override still wins; otherwise the keychain's key is used from now on.
                         if (result.ok() && current && current->keySource != KeySource::Environment)
                             useKey(*current, secret, KeySource::Keychain);
                         if (guard)
                             done(result.ok(), result.message);
                     });
}

ProfileManager::Entry* ProfileManager::entryFor(qint64 profileId) const
{
    const auto it = m_entries.constFind(profileId);
    return it == m_entries.constEnd() ? nullptr : it->get();
}

std::optional<Downloader::Request> ProfileManager::downloadRequest(const StoredTask& task, const QString& variant,
                                                                   QString* error) const
{
    const Entry* entry = entryFor(task.profileId);
    if (!entry) {
        *error = tr("The task is no longer on the board.");
        return std::nullopt;
    }
    if (!task.last || task.last->status != TaskStatus::Success) {
        *error = tr("The render has not succeeded, so there is nothing to download.");
        return std::nullopt;
    }
    if (!hasKey(entry->keySource)) {
        *error = tr("There is no key for the profile “%1”.").arg(entry->profile.name);
        return std::nullopt;
    }
    return Downloader::forTask(entry->runtime->endpoint(), entry->runtime->secret(), *task.last, variant);
}

ProfileRuntime* ProfileManager::runtime(qint64 profileId) const
{
    Entry* entry = entryFor(profileId);
    return entry ? entry->runtime.get() : nullptr;
}

Poller* ProfileManager::poller(qint64 profileId) const
{
    ProfileRuntime* found = runtime(profileId);
    return found ? found->poller() : nullptr;
}

VideoApi* ProfileManager::api(qint64 profileId) const
{
    ProfileRuntime* found = runtime(profileId);
    return found ? found->api() : nullptr;
}

std::optional<qint64> ProfileManager::msUntilNextPoll() const
{
    std::optional<qint64> earliest;
    for (const auto& entry : std::as_const(m_entries)) {
        const std::optional<qint64> next = entry->runtime->poller()->msUntilNextPoll();
        if (next && (!earliest || *next < *earliest))
            earliest = next;
    }
    return earliest;
}

Poller::Freshness ProfileManager::freshness() const
{
    Poller::Freshness all;
    bool anyBudgetBound = false;
    for (const auto& entry : std::as_const(m_entries)) {
        const Poller::Freshness one = entry->runtime->poller()->freshness();
        all.active += one.active;
        all.firstPassSize += one.firstPassSize;
        all.firstPassDone += one.firstPassDone;
        if (one.firstPassSize > 0 && one.firstPassRemainingMs
            && (!all.firstPassRemainingMs || *one.firstPassRemainingMs > *all.firstPassRemainingMs))
            all.firstPassRemainingMs = one.firstPassRemainingMs;
        // The budget-bound profile with the longest sweep speaks for all; else the longest interval.
        const bool better = one.budgetBound ? (!anyBudgetBound || one.recheckWithinMs > all.recheckWithinMs)
                                            : (!anyBudgetBound && one.recheckWithinMs > all.recheckWithinMs);
        if (better) {
            all.recheckWithinMs = one.recheckWithinMs;
            all.sweepMs = one.sweepMs;
            all.requestsPerSecond = one.requestsPerSecond;
            all.pacedTasks = one.pacedTasks;
            all.budgetBound = one.budgetBound;
            anyBudgetBound = anyBudgetBound || one.budgetBound;
        }
    }
    return all;
}

qint64 ProfileManager::staleAfterMs(qint64 profileId) const
{
    if (const Entry* entry = entryFor(profileId))
        return entry->runtime->poller()->freshness().staleAfterMs();
    return Poller::Freshness{}.staleAfterMs();
}

std::optional<qint64> ProfileManager::rateLimitWaitCutFromMs() const
{
    std::optional<qint64> longest;
    for (const auto& entry : std::as_const(m_entries)) {
        const Poller* poller = entry->runtime->poller();
        const std::optional<qint64> asked = poller->schedule().rateLimitWaitCutFromMs();
        if (poller->state() == ProfileState::RateLimited && asked && (!longest || *asked > *longest))
            longest = asked;
    }
    return longest;
}

ProfileState ProfileManager::overallState() const
{
    if (m_paused)
        return ProfileState::Paused;
    // The state that most needs the user's attention wins.
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
    ProfileState worst = ProfileState::Polling;
    for (const auto& entry : std::as_const(m_entries)) {
        const ProfileState state = entry->runtime->poller()->state();
        if (rank(state) > rank(worst))
            worst = state;
    }
    return worst;
}

} // namespace Reelwatch

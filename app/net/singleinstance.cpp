#include "singleinstance.h"

#include "core/taskid.h"

#include <algorithm>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#if defined(Q_OS_UNIX)
#include <cerrno>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#endif

namespace Reelwatch {

namespace {

// More connections at once than any real use makes: the rest are turned away, so a local process
// opening connections in a loop cannot exhaust the window's file descriptors.
constexpr int kMaxConnections = 16;
// Pause between attempts while the lock holder is still starting.
constexpr int kRetryMs = 50;
// Activation tokens are short printable strings; anything else is not one.
constexpr int kMaxTokenLength = 512;

const QString kVersionField = QStringLiteral("v");

#if defined(Q_OS_UNIX)
// sun_path less its terminating zero: a longer socket path can be neither served nor reached.
constexpr qsizetype kMaxSocketPathBytes = qsizetype(sizeof(sockaddr_un::sun_path)) - 1;
#endif

QString userIdentity()
{
#if defined(Q_OS_UNIX)
    return QString::number(::getuid());
#else
    return qEnvironmentVariable("USERNAME");
#endif
}

// Short, file-name safe and different for every user, so that keys never meet even in a directory
// that several users can see.
QString hashedKey(const QString& prefix, const QString& identity)
{
    const QByteArray digest = QCryptographicHash::hash((userIdentity() + QLatin1Char('\n') + identity).toUtf8(),
                                                       QCryptographicHash::Sha256);
    return prefix + QString::fromLatin1(digest.toHex().left(20));
}

// The path with symlinks resolved as far as it exists: on a first run neither the database nor its
// directory exists yet, and the key must not change once they do.
QString canonicalPath(const QString& path)
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QString existing = absolute;
    QStringList rest;
    while (!existing.isEmpty()) {
        const QString canonical = QFileInfo(existing).canonicalFilePath();
        if (!canonical.isEmpty()) {
            rest.prepend(canonical);
            return QDir::cleanPath(rest.join(QLatin1Char('/')));
        }
        const int slash = existing.lastIndexOf(QLatin1Char('/'));
        if (slash <= 0)
            break;
        rest.prepend(existing.mid(slash + 1));
        existing = existing.left(slash);
    }
    return absolute;
}

// Why `path` may not hold the lock and the socket, or empty when it is this user's alone. A
// directory others may write to would let them put their own lock or socket in ours' place.
QString whyNotPrivate(const QString& path, bool followLinks)
{
#if defined(Q_OS_UNIX)
    const QString shown = QDir::toNativeSeparators(path);
    struct stat info = {};
    const QByteArray encoded = QFile::encodeName(path);
    if ((followLinks ? ::stat(encoded.constData(), &info) : ::lstat(encoded.constData(), &info)) != 0)
        return SingleInstance::tr("the directory %1 cannot be used: %2").arg(shown, qt_error_string(errno));
    if (!S_ISDIR(info.st_mode))
        return SingleInstance::tr("%1 is not a directory").arg(shown);
    if (info.st_uid != ::geteuid())
        return SingleInstance::tr("the directory %1 belongs to another user").arg(shown);
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        return SingleInstance::tr("the directory %1 is open to other users (permissions %2)")
            .arg(shown, QString::number(info.st_mode & 07777, 8));
    }
#else
    Q_UNUSED(path);
    Q_UNUSED(followLinks);
#endif
    return QString();
}

// Where the lock and the socket live. Qt hands out the runtime directory only when it is the user's
// own (owner checked, permissions set to 0700); without it, a directory of our own in the user's
// data directory. Never the shared temp directory: names there are predictable, and another local
// user could take them first to keep Reelwatch from starting or to be handed the tasks of `add`.
// Empty when there is neither. Looked up once per object: Qt warns on each lookup when it has no
// runtime directory to give.
QString instanceDirectory(bool* isFallback)
{
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    *isFallback = runtime.isEmpty();
    if (!runtime.isEmpty())
        return runtime;
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return data.isEmpty() ? QString() : data + QStringLiteral("/instance");
}

// Creates our own directory when needed; why the lock and the socket cannot go in it, or empty.
QString prepareInstanceDirectory(const QString& path, bool isFallback)
{
    if (path.isEmpty())
        return SingleInstance::tr("there is no private directory for the lock file");
    if (!isFallback)
        return whyNotPrivate(path, true);
    QDir().mkpath(QFileInfo(path).absolutePath());
#if defined(Q_OS_UNIX)
    // Created for the user alone from the start; one that already exists is checked as it is, never
    // "repaired": others may have put something in it while it was open.
    ::mkdir(QFile::encodeName(path).constData(), 0700);
#else
    QDir().mkpath(path);
#endif
    return whyNotPrivate(path, false);
}

QString lockPathIn(const QString& directory, const QString& key)
{
    return directory + QLatin1Char('/') + key + QStringLiteral(".lock");
}

QString socketPathIn(const QString& directory, const QString& key)
{
#if defined(Q_OS_WIN)
    Q_UNUSED(directory);
    return key; // a pipe name; pipes are not files
#else
    const QString path = directory + QLatin1Char('/') + key + QStringLiteral(".socket");
    if (QFile::encodeName(path).size() <= kMaxSocketPathBytes)
        return path;
    // A deep data directory: a short name, the same in every process, keeps the address within the
    // limit where it can. tryLock() refuses a path that is too long even so.
    const QByteArray digest = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
    return directory + QLatin1Char('/') + QString::fromLatin1(digest.toHex().left(16)) + QStringLiteral(".s");
#endif
}

bool isActivationToken(const QString& token)
{
    if (token.size() > kMaxTokenLength)
        return false;
    return std::all_of(token.cbegin(), token.cend(), [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f; });
}

int remainingMs(const QDeadlineTimer& deadline)
{
    return int(std::clamp<qint64>(deadline.remainingTime(), 0, 60 * 60 * 1000));
}

enum class Exchange
{
    Answered,
    NotListening, // no socket, or nobody behind it
    Closed, // the server hung up without an answer (it may be going away)
    Unreadable, // something answered, but not with a reply
    TimedOut,
};

// One blocking request/reply round trip; a client sends exactly one request per connection.
Exchange exchange(const QString& path, const QByteArray& request, const QDeadlineTimer& deadline, InstanceReply* reply,
                  QString* error)
{
    QLocalSocket socket;
    socket.connectToServer(path);
    if (!socket.waitForConnected(remainingMs(deadline)))
        return deadline.hasExpired() ? Exchange::TimedOut : Exchange::NotListening;
    socket.write(request);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(remainingMs(deadline)))
            return socket.state() == QLocalSocket::ConnectedState ? Exchange::TimedOut : Exchange::Closed;
    }
    QByteArray buffer;
    for (;;) {
        const qsizetype newline = buffer.indexOf('\n');
        if (newline >= 0) {
            const std::optional<InstanceReply> parsed = SingleInstance::parseReply(buffer.left(newline), error);
            if (!parsed)
                return Exchange::Unreadable;
            *reply = *parsed;
            return Exchange::Answered;
        }
        if (buffer.size() > SingleInstance::kMaxMessageBytes) {
            *error = SingleInstance::tr("the answer is too large");
            return Exchange::Unreadable;
        }
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(remainingMs(deadline))) {
            if (socket.bytesAvailable() > 0)
                continue;
            return socket.state() == QLocalSocket::ConnectedState ? Exchange::TimedOut : Exchange::Closed;
        }
        buffer += socket.read(SingleInstance::kMaxMessageBytes + 1 - buffer.size());
    }
}

// The peer of a connection runs as this user. The socket is the user's alone already; this keeps
// out a process that can bypass file permissions but is not the user.
bool peerIsThisUser(qintptr descriptor)
{
#if defined(Q_OS_LINUX)
    ucred credentials = {};
    socklen_t size = sizeof(credentials);
    return ::getsockopt(int(descriptor), SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0
        && credentials.uid == ::geteuid();
#else
    Q_UNUSED(descriptor);
    return true;
#endif
}

} // namespace

QString InstanceRequest::activationTokenFromEnvironment()
{
    const QString wayland = qEnvironmentVariable("XDG_ACTIVATION_TOKEN");
    return wayland.isEmpty() ? qEnvironmentVariable("DESKTOP_STARTUP_ID") : wayland;
}

InstanceRequest InstanceRequest::activate(const QString& activationToken)
{
    InstanceRequest request;
    request.kind = Kind::Activate;
    request.activationToken = activationToken;
    return request;
}

InstanceRequest InstanceRequest::addTasks(const QStringList& ids, const QString& label, const QString& profileName)
{
    InstanceRequest request;
    request.kind = Kind::Add;
    request.add.ids = ids;
    request.add.label = label;
    request.add.profileName = profileName;
    return request;
}

InstanceReply InstanceReply::failure(const QString& error, const QString& code)
{
    InstanceReply reply;
    reply.ok = false;
    reply.error = error;
    reply.errorCode = code;
    return reply;
}

SingleInstance::SingleInstance(const QString& key, QObject* parent)
    : QObject(parent)
    , m_key(key)
    , m_directory(instanceDirectory(&m_directoryIsFallback))
{ }

SingleInstance::~SingleInstance()
{
    // The socket file goes first: a client must never find a socket whose owner has let go of the lock.
    stopServing();
    m_lock.reset(); // unlocking removes the lock file
}

QString SingleInstance::keyForDatabase(const QString& storePath)
{
    return hashedKey(QStringLiteral("reelwatch-"), canonicalPath(storePath));
}

QString SingleInstance::keyForDemo()
{
    return hashedKey(QStringLiteral("reelwatch-demo-"), QStringLiteral("demo"));
}

QString SingleInstance::lockFilePath(const QString& key)
{
    bool isFallback = false;
    return lockPathIn(instanceDirectory(&isFallback), key);
}

QString SingleInstance::socketPath(const QString& key)
{
    bool isFallback = false;
    return socketPathIn(instanceDirectory(&isFallback), key);
}

QString SingleInstance::lockPath() const
{
    return lockPathIn(m_directory, m_key);
}

QString SingleInstance::serverPath() const
{
    return socketPathIn(m_directory, m_key);
}

bool SingleInstance::tryLock(QString* error)
{
    error->clear();
    if (isPrimary())
        return true;
    const QString problem = prepareInstanceDirectory(m_directory, m_directoryIsFallback);
    if (!problem.isEmpty()) {
        *error = problem;
        return false;
    }
#if defined(Q_OS_UNIX)
    const QString socket = serverPath();
    if (QFile::encodeName(socket).size() > kMaxSocketPathBytes) {
        *error = tr("the path %1 is too long for a local socket (at most %2 bytes)")
                     .arg(QDir::toNativeSeparators(socket))
                     .arg(kMaxSocketPathBytes);
        return false;
    }
#endif
    const QString path = lockPath();
    auto lock = std::make_unique<QLockFile>(path);
    // Only a dead owner makes the lock stale, never its age: a window runs for weeks.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        m_lock = std::move(lock);
        return true;
    }
    if (lock->error() != QLockFile::LockFailedError)
        *error = tr("cannot create the lock file %1").arg(QDir::toNativeSeparators(path));
    return false;
}

bool SingleInstance::tryBecomePrimary(QString* error)
{
    if (!tryLock(error))
        return false;
    if (isServing() || listen(error))
        return true;
    m_lock.reset(); // primary means reachable: without the socket, do not keep others out
    return false;
}

bool SingleInstance::isPrimary() const
{
    return m_lock && m_lock->isLocked();
}

bool SingleInstance::isServing() const
{
    return m_server && m_server->isListening();
}

void SingleInstance::stopServing()
{
    m_addHandler = nullptr;
    m_connections.clear();
    if (m_server) {
        m_server->close(); // removes the socket file
        delete m_server; // and with it the connections still open, unanswered
        m_server = nullptr;
    }
}

bool SingleInstance::listen(QString* error)
{
    const QString path = serverPath();
    // Only the lock holder gets here, so a socket at this path was left by a primary that crashed.
    QLocalServer::removeServer(path);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(path)) {
        *error = tr("cannot listen on %1: %2").arg(QDir::toNativeSeparators(path), m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
    return true;
}

SingleInstance::Claim SingleInstance::claim(const InstanceRequest& request, bool serve, int waitMs,
                                            InstanceReply* reply, QString* error)
{
    InstanceReply ignoredReply;
    QString ignoredError;
    if (!reply)
        reply = &ignoredReply;
    if (!error)
        error = &ignoredError;
    error->clear();
    const QByteArray encoded = encodeRequest(request);
    const QDeadlineTimer deadline(std::max(0, waitMs));
    for (;;) {
        QString problem;
        if (serve ? tryBecomePrimary(&problem) : tryLock(&problem))
            return Claim::Primary;
        if (!problem.isEmpty()) {
            *error = problem;
            return Claim::Unavailable;
        }
        // Held by a live process. It listens right after taking the lock, so a refused connection
        // means it is still starting (or is a short `reelwatch add` writing the database): retry.
        switch (exchange(serverPath(), encoded, deadline, reply, &problem)) {
        case Exchange::Answered:
            return Claim::Delivered;
        case Exchange::Unreadable:
            *error = tr("the running Reelwatch answered with something unreadable: %1").arg(problem);
            return Claim::NoAnswer;
        case Exchange::NotListening:
        case Exchange::Closed:
        case Exchange::TimedOut:
            break;
        }
        if (deadline.hasExpired()) {
            qint64 pid = 0;
            QString host;
            QString application;
            QLockFile(lockPath()).getLockInfo(&pid, &host, &application);
            *error = tr("another Reelwatch (process %1) holds %2 but did not answer within %3 s; if it is stuck, "
                        "end it and start again")
                         .arg(pid)
                         .arg(QDir::toNativeSeparators(lockPath()))
                         .arg(waitMs / 1000.0);
            return Claim::NoAnswer;
        }
        QThread::msleep(kRetryMs);
    }
}

std::optional<InstanceReply> SingleInstance::sendToPrimary(const QString& key, const InstanceRequest& request,
                                                           int timeoutMs, QString* error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    SingleInstance probe(key);
    InstanceReply reply;
    switch (probe.claim(request, false, timeoutMs, &reply, error)) {
    case Claim::Delivered:
        return reply;
    case Claim::Primary:
        error->clear(); // nobody held the lock: no instance runs (the probe lets go of it at once)
        return std::nullopt;
    case Claim::NoAnswer:
    case Claim::Unavailable:
        break;
    }
    return std::nullopt;
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        if (m_connections.size() >= kMaxConnections || !peerIsThisUser(socket->socketDescriptor())) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_connections.insert(socket, Connection());
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
        // A peer that connects and never finishes its request must not keep its slot.
        QTimer::singleShot(m_connectionTimeoutMs, socket, [this, socket] {
            m_connections.remove(socket);
            socket->abort();
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            readFrom(socket);
    }
}

void SingleInstance::readFrom(QLocalSocket* socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->answered) {
        socket->read(socket->bytesAvailable()); // one request per connection; the rest is dropped
        return;
    }
    it->buffer += socket->read(kMaxMessageBytes + 1 - it->buffer.size());
    const qsizetype newline = it->buffer.indexOf('\n');
    if (newline >= 0) {
        const QByteArray line = it->buffer.left(newline);
        it->buffer.clear();
        answer(socket, handle(line));
    } else if (it->buffer.size() > kMaxMessageBytes) {
        it->buffer.clear();
        answer(socket,
               InstanceReply::failure(tr("the request is larger than %1 bytes").arg(kMaxMessageBytes),
                                      QString::fromLatin1(InstanceReply::kErrorInvalidRequest)));
    }
}

void SingleInstance::answer(QLocalSocket* socket, const InstanceReply& reply)
{
    // Looked up again: the request's handler may have run a nested event loop.
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->answered = true;
    socket->write(encodeReply(reply));
    socket->disconnectFromServer(); // after the reply is written
}

InstanceReply SingleInstance::handle(const QByteArray& line)
{
    QString error;
    const std::optional<InstanceRequest> request = parseRequest(line, &error);
    if (!request)
        return InstanceReply::failure(error, QString::fromLatin1(InstanceReply::kErrorInvalidRequest));
    switch (request->kind) {
    case InstanceRequest::Kind::Activate: {
        emit activationRequested(request->activationToken);
        InstanceReply reply;
        reply.ok = true;
        return reply;
    }
    case InstanceRequest::Kind::Add:
        if (!m_addHandler) {
            return InstanceReply::failure(tr("Reelwatch is still starting; try again in a moment"),
                                          QString::fromLatin1(InstanceReply::kErrorNotReady));
        }
        return m_addHandler(request->add);
    }
    return InstanceReply::failure(tr("unknown request"), QString::fromLatin1(InstanceReply::kErrorInvalidRequest));
}

QByteArray SingleInstance::encodeRequest(const InstanceRequest& request)
{
    QJsonObject object{{kVersionField, kProtocolVersion}};
    switch (request.kind) {
    case InstanceRequest::Kind::Activate:
        object.insert(QStringLiteral("request"), QStringLiteral("activate"));
        if (!request.activationToken.isEmpty())
            object.insert(QStringLiteral("activation_token"), request.activationToken);
        break;
    case InstanceRequest::Kind::Add:
        object.insert(QStringLiteral("request"), QStringLiteral("add"));
        object.insert(QStringLiteral("ids"), QJsonArray::fromStringList(request.add.ids));
        object.insert(QStringLiteral("label"), request.add.label);
        if (!request.add.profileName.isEmpty())
            object.insert(QStringLiteral("profile"), request.add.profileName);
        break;
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<InstanceRequest> SingleInstance::parseRequest(const QByteArray& line, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = tr("the request is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    const QJsonValue version = object.value(kVersionField);
    if (!version.isDouble() || version.toDouble() != kProtocolVersion) {
        *error = tr("unsupported protocol version (this Reelwatch speaks version %1)").arg(kProtocolVersion);
        return std::nullopt;
    }
    const QString kind = object.value(QStringLiteral("request")).toString();
    InstanceRequest request;
    if (kind == QLatin1String("activate")) {
        const QJsonValue token = object.value(QStringLiteral("activation_token"));
        if (!token.isUndefined() && (!token.isString() || !isActivationToken(token.toString()))) {
            *error = tr("the activation token is not valid");
            return std::nullopt;
        }
        request.kind = InstanceRequest::Kind::Activate;
        request.activationToken = token.toString();
        return request;
    }
    if (kind != QLatin1String("add")) {
        *error = tr("unknown request");
        return std::nullopt;
    }
    request.kind = InstanceRequest::Kind::Add;
    const QJsonValue ids = object.value(QStringLiteral("ids"));
    const QJsonValue label = object.value(QStringLiteral("label"));
    const QJsonValue profile = object.value(QStringLiteral("profile"));
    if (!ids.isArray() || !(label.isUndefined() || label.isString())
        || !(profile.isUndefined() || profile.isString())) {
        *error = tr("an add request needs \"ids\" (an array) and may have \"label\" and \"profile\" (strings)");
        return std::nullopt;
    }
    for (const QJsonValue& value : ids.toArray()) {
        // The profile's provider checks its own grammar when the window adds them (TaskService::add);
        // here only the common ground: harmless segments, which operation names join with '/'.
        const TaskIdCheck check = TaskId::validateSegments(value.toString());
        if (!value.isString() || !check.valid) {
            *error = tr("the request holds an invalid task ID");
            return std::nullopt;
        }
        request.add.ids << check.id;
    }
    request.add.ids.removeDuplicates();
    request.add.label = label.toString();
    request.add.profileName = profile.toString();
    return request;
}

QByteArray SingleInstance::encodeReply(const InstanceReply& reply)
{
    QJsonObject object{{kVersionField, kProtocolVersion}, {QStringLiteral("ok"), reply.ok}};
    if (reply.ok) {
        object.insert(QStringLiteral("added"), reply.added);
        object.insert(QStringLiteral("existing"), reply.existing);
        if (!reply.profileName.isEmpty())
            object.insert(QStringLiteral("profile"), reply.profileName);
    } else {
        object.insert(QStringLiteral("error"), reply.error);
        object.insert(QStringLiteral("code"), reply.errorCode);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<InstanceReply> SingleInstance::parseReply(const QByteArray& line, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    const QJsonObject object = document.object();
    if (parseError.error != QJsonParseError::NoError || !document.isObject()
        || object.value(kVersionField).toDouble() != kProtocolVersion || !object.value(QStringLiteral("ok")).isBool()) {
        *error = tr("not a reply of protocol version %1").arg(kProtocolVersion);
        return std::nullopt;
    }
    InstanceReply reply;
    reply.ok = object.value(QStringLiteral("ok")).toBool();
    reply.added = object.value(QStringLiteral("added")).toInt();
    reply.existing = object.value(QStringLiteral("existing")).toInt();
    reply.profileName = object.value(QStringLiteral("profile")).toString();
    reply.error = object.value(QStringLiteral("error")).toString();
    reply.errorCode = object.value(QStringLiteral("code")).toString();
    if (!reply.ok && reply.error.isEmpty())
        reply.error = tr("the running Reelwatch refused the request without saying why");
    return reply;
}

} // namespace Reelwatch

#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <QHash>
#include <QObject>
#include <QStringList>

class QLocalServer;
class QLocalSocket;
class QLockFile;

namespace Reelwatch {

// "Add these IDs", from `reelwatch add` to the running window.
struct InstanceAddRequest
{
    QStringList ids; // each one passed TaskId::validate() on the sending side; checked again on receipt
    QString label;
    QString profileName; // empty: the default profile
};

// One request to the running instance.
struct InstanceRequest
{
    enum class Kind
    {
        Activate, // a second launch of the window: bring the running one to the front
        Add,
    };
    Kind kind = Kind::Activate;
    // The second launch's XDG_ACTIVATION_TOKEN (Wayland) or DESKTOP_STARTUP_ID (X11). The running
    // window passes a Wayland token on, so that it may take the focus under focus-stealing
    // prevention; an X11 startup ID is carried but not applied, as Qt 6.4 has no public API for it.
    QString activationToken;
    InstanceAddRequest add;

    // The token this process was started with. Read it before QApplication exists: the platform
    // plugin takes DESKTOP_STARTUP_ID out of the environment.
    static QString activationTokenFromEnvironment();
    static InstanceRequest activate(const QString& activationToken);
    static InstanceRequest addTasks(const QStringList& ids, const QString& label, const QString& profileName);
};

// The running instance's answer.
struct InstanceReply
{
    bool ok = false;
    QString error; // for people, when !ok
    QString errorCode; // when !ok: one of the kError* names below, so callers can pick an exit code
    int added = 0;
    int existing = 0; // IDs the profile already had
    QString profileName;

    static constexpr const char* kErrorUnknownProfile = "unknown_profile";
    static constexpr const char* kErrorInvalidRequest = "invalid_request";
    static constexpr const char* kErrorNotReady = "not_ready";
    static constexpr const char* kErrorFailed = "failed";

    static InstanceReply failure(const QString& error, const QString& code);
};

// One running Reelwatch per task database. The first process takes a lock file and serves a local
// socket beside it, both in a directory that must be the user's alone: the runtime directory, or
// when there is none, "instance" in the application's local data directory; never the shared temp
// directory, where another user could take the predictable names first. A second
// launch finds the lock held and hands its request to that process instead of starting a second
// poller. A lock or socket left behind by a crash is recovered from: the lock names a dead process,
// and the socket is replaced by whoever holds the lock.
//
// Protocol: one JSON object per line each way, with "v": 1. Requests are
// {"v":1,"request":"activate","activation_token":"…"} and
// {"v":1,"request":"add","ids":[…],"label":"…","profile":"…"}; replies are
// {"v":1,"ok":true,"added":N,"existing":N,"profile":"…"} or {"v":1,"ok":false,"error":"…","code":"…"}.
// A request is at most kMaxMessageBytes; the server never waits on a peer (each connection has its
// own buffer and a deadline) and trusts nothing in a request beyond its shape.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    using AddHandler = std::function<InstanceReply(const InstanceAddRequest&)>;

    static constexpr int kProtocolVersion = 1;
    static constexpr qint64 kMaxMessageBytes = 1024 * 1024;
    // How long a second launch keeps trying while the lock holder is still starting.
    static constexpr int kDefaultWaitMs = 8000;

    enum class Claim
    {
        Primary, // this process holds the lock (and, when asked to, serves requests)
        Delivered, // another process holds it and answered the request
        NoAnswer, // another live process holds it but did not answer in time
        Unavailable, // the lock file cannot be used at all (the error says why)
    };

    // `key` names the instance; it must be usable in a file name (letters, digits, '-', '_').
    explicit SingleInstance(const QString& key, QObject* parent = nullptr);
    ~SingleInstance() override;

    // One key per task database, from its path (made canonical, so a symlinked data directory is
    // still one database) and the user.
    static QString keyForDatabase(const QString& storePath);
    // The demo's database is in memory: one demo window per user.
    static QString keyForDemo();
    // Where the lock and the socket are (the directory is created and checked by tryLock(), not here;
    // an object finds it once, when it is made).
    // A socket path too long for a local socket address gets a short name derived from the key.
    static QString lockFilePath(const QString& key);
    static QString socketPath(const QString& key);

    QString key() const { return m_key; }

    // Takes the lock (removing one left by a dead process) and starts serving requests. False with
    // an empty error while another live process holds the lock; false with the reason otherwise:
    // also when the directory is not the user's alone, or the socket could not be served (the lock
    // is then let go of again).
    bool tryBecomePrimary(QString* error);
    // Takes the lock without serving: for a short run that writes the database itself, so that a
    // window starting meanwhile waits for it instead of loading the database halfway through.
    bool tryLock(QString* error);
    bool isPrimary() const;
    bool isServing() const;
    // Closes the socket and drops the add handler, keeping the lock until destruction: called when
    // the event loop has ended, so that what the handler uses may be destroyed before this object.
    // A client arriving meanwhile finds nobody listening and waits for the lock to be let go of.
    void stopServing();

    // Becomes primary (serving when `serve`), or hands `request` to the process that is, retrying
    // for up to `waitMs` while that process is still starting. Unavailable, with the reason in
    // `error`, when the lock cannot be used, or when `serve` is asked for and the socket cannot be
    // served (the lock is not kept then: a primary nobody can reach would only keep others out).
    Claim claim(const InstanceRequest& request, bool serve, int waitMs, InstanceReply* reply, QString* error);

    // Client side, blocking: usable before an event loop runs. nullopt with an empty error when no
    // instance runs; nullopt with the reason when one runs but does not answer in time.
    static std::optional<InstanceReply> sendToPrimary(const QString& key, const InstanceRequest& request, int timeoutMs,
                                                      QString* error);

    // The primary answers "add" requests with this; without one it answers that it is still starting.
    void setAddHandler(AddHandler handler) { m_addHandler = std::move(handler); }
    // How long a connection may take to deliver its request before it is dropped.
    void setConnectionTimeoutMs(int timeoutMs) { m_connectionTimeoutMs = timeoutMs; }

    // The wire format, public for the tests. parseRequest() returns nullopt with the reason.
    static QByteArray encodeRequest(const InstanceRequest& request);
    static std::optional<InstanceRequest> parseRequest(const QByteArray& line, QString* error);
    static QByteArray encodeReply(const InstanceReply& reply);
    static std::optional<InstanceReply> parseReply(const QByteArray& line, QString* error);

signals:
    // A second launch asked for the window; pass the token on to the windowing system.
    void activationRequested(const QString& activationToken);

private:
    struct Connection
    {
        QByteArray buffer;
        bool answered = false;
    };

    QString lockPath() const;
    QString serverPath() const;
    bool listen(QString* error);
    void acceptConnections();
    void readFrom(QLocalSocket* socket);
    void answer(QLocalSocket* socket, const InstanceReply& reply);
    InstanceReply handle(const QByteArray& line);

    QString m_key;
    // Where this object's lock and socket are, found once (see lockFilePath()); the flag is declared
    // first because finding the directory sets it.
    bool m_directoryIsFallback = false;
    QString m_directory;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer* m_server = nullptr;
    QHash<QLocalSocket*, Connection> m_connections;
    AddHandler m_addHandler;
    int m_connectionTimeoutMs = 5000;
};

} // namespace Reelwatch

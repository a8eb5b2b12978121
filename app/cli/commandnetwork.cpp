#include "commandnetwork.h"

#include <QDir>

#ifdef Q_OS_UNIX
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace Reelwatch {

CommandNetwork::~CommandNetwork()
{
    shutDownConnections();
}

int CommandNetwork::shutDownConnections()
{
    int count = 0;
#ifdef Q_OS_UNIX
    // The open descriptors: listed by the kernel where it can, else every possible one.
    QList<int> descriptors;
    const QStringList listed
        = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
    for (const QString& name : listed)
        descriptors << name.toInt();
    if (descriptors.isEmpty()) {
        rlimit files{};
        const int highest = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY
            ? int(std::min<rlim_t>(files.rlim_cur, 65536))
            : 1024;
        for (int fd = 0; fd < highest; ++fd)
            descriptors << fd;
    }
    for (const int fd : std::as_const(descriptors)) {
        // Standard input and output stay as they are, whatever they are connected to.
        if (fd <= 2)
            continue;
        struct stat status
        {
        };
        if (fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode))
            continue;
        int type = 0;
        socklen_t length = sizeof(type);
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) != 0 || type != SOCK_STREAM)
            continue;
        sockaddr_storage address{};
        socklen_t addressLength = sizeof(address);
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &addressLength) != 0
            || (address.ss_family != AF_INET && address.ss_family != AF_INET6))
            continue; // local sockets (D-Bus, the single-instance socket) are not the network's
        int listening = 0;
        length = sizeof(listening);
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening)
            continue;
        if (shutdown(fd, SHUT_RDWR) == 0)
            ++count;
    }
#endif
    return count;
}

} // namespace Reelwatch

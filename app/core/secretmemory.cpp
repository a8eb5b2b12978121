#include "secretmemory.h"

#include <cstdlib>
#include <cstring>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

namespace Reelwatch {

namespace {

// A store the compiler may not drop because the buffer is freed right after.
void overwrite(void* data, size_t size)
{
    auto* volatile bytes = static_cast<volatile unsigned char*>(data);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = 0;
}

} // namespace

bool SecretMemory::protectProcess()
{
    if (qEnvironmentVariable(kAllowCoreDumpsVariable) == QLatin1String("1"))
        return false;
    bool protectedNow = true;
#ifdef Q_OS_UNIX
    const rlimit none{0, 0};
    protectedNow = setrlimit(RLIMIT_CORE, &none) == 0;
#endif
#ifdef Q_OS_LINUX
    // RLIMIT_CORE alone does not stop a core_pattern pipe (systemd-coredump, apport); this does.
    protectedNow = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && protectedNow;
#endif
    return protectedNow;
}

bool SecretMemory::isProtected()
{
    bool protectedNow = true;
#ifdef Q_OS_UNIX
    rlimit core{};
    protectedNow = getrlimit(RLIMIT_CORE, &core) == 0 && core.rlim_cur == 0 && core.rlim_max == 0;
#endif
#ifdef Q_OS_LINUX
    protectedNow = protectedNow && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
#endif
    return protectedNow;
}

QByteArray SecretMemory::takeFromEnvironment(const char* name)
{
#ifdef Q_OS_UNIX
    char* value = std::getenv(name);
    if (!value)
        return QByteArray();
    QByteArray copy(value);
    // Unset first: once the environment no longer points at the old value, overwriting it cannot
    // disturb anyone who reads the environment.
    qunsetenv(name);
    overwrite(value, std::strlen(value));
    return copy;
#else
    QByteArray copy = qgetenv(name);
    qunsetenv(name);
    return copy;
#endif
}

void SecretMemory::wipe(QByteArray& bytes)
{
    if (bytes.isDetached() && !bytes.isEmpty())
        overwrite(bytes.data(), size_t(bytes.size()));
    bytes = QByteArray();
}

void SecretMemory::wipe(QString& text)
{
    if (text.isDetached() && !text.isEmpty())
        overwrite(text.data(), size_t(text.size()) * sizeof(QChar));
    text = QString();
}

} // namespace Reelwatch

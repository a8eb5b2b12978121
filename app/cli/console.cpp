#include "console.h"

#include "core/displaytext.h"

#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#define isatty _isatty
#else
#include <unistd.h>
#endif

namespace Reelwatch {

namespace {

void write(FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    if (!text.endsWith(QLatin1Char('\n')))
        fputc('\n', stream);
    fflush(stream);
}

} // namespace

void Console::out(const QString& text)
{
    write(stdout, text);
}

void Console::err(const QString& text)
{
    // Standard error carries only words for people, often with a server's in them (an error
    // message, a link): never a control sequence for the terminal.
    write(stderr, DisplayText::block(text));
}

bool Console::isTerminal(int fd)
{
    return isatty(fd) != 0;
}

} // namespace Reelwatch

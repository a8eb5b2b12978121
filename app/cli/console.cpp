#include "console.h"

#include "core/displaytext.h"

#include <cstdio>
#include <QFile>

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

QStringList Console::readStandardInputLines()
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return {};
    QStringList lines;
    const QList<QByteArray> raw = input.readAll().split('\n');
    for (const QByteArray& line : raw) {
        const QString trimmed = QString::fromUtf8(line).trimmed();
        if (!trimmed.isEmpty())
            lines << trimmed;
    }
    return lines;
}

QStringList Console::expandStandardInput(const QStringList& arguments)
{
    QStringList expanded;
    for (const QString& argument : arguments) {
        if (argument == QLatin1String("-"))
            expanded << readStandardInputLines();
        else
            expanded << argument;
    }
    return expanded;
}

bool Console::isTerminal(int fd)
{
    return isatty(fd) != 0;
}

} // namespace Reelwatch

#include "idinput.h"

namespace Reelwatch {

IdInput::IdInput(QStringList arguments, FILE* standardInput)
    : m_arguments(std::move(arguments))
    , m_standardInput(standardInput)
{
    m_line.resize(kMaxLineBytes + 1);
}

std::optional<QString> IdInput::next()
{
    for (;;) {
        if (m_reading) {
            if (std::optional<QString> line = nextLine())
                return line;
            m_reading = false;
        }
        if (m_nextArgument >= m_arguments.size())
            return std::nullopt;
        const QString argument = m_arguments.at(m_nextArgument++);
        if (argument != QLatin1String("-"))
            return argument;
        // Standard input is read once: a second "-" finds it at its end.
        if (!m_input.isOpen() && !m_input.open(m_standardInput, QIODevice::ReadOnly))
            continue;
        m_reading = true;
    }
}

std::optional<QString> IdInput::nextLine()
{
    // readLine() returns what a pipe has as soon as a line is there: the writer need not have finished.
    for (;;) {
        const qint64 got = m_input.readLine(m_line.data(), m_line.size());
        if (got <= 0)
            return std::nullopt;
        const QString line = QString::fromUtf8(m_line.constData(), got).trimmed();
        // The rest of an overlong line is read and dropped a buffer at a time.
        for (qint64 part = got; part == kMaxLineBytes && m_line.at(part - 1) != '\n';)
            part = m_input.readLine(m_line.data(), m_line.size());
        if (!line.isEmpty())
            return line;
    }
}

QStringList IdInput::takeAll()
{
    QStringList ids;
    while (std::optional<QString> id = next())
        ids << *id;
    return ids;
}

} // namespace Reelwatch

#include "profilerules.h"

#include "apiendpoint.h"

#include <cmath>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

namespace Reelwatch {

bool ProfileRules::sameName(const QString& a, const QString& b)
{
    return a.trimmed().toCaseFolded() == b.trimmed().toCaseFolded();
}

QString ProfileRules::nameProblem(const QString& typed, const QStringList& otherNames)
{
    const QString name = typed.trimmed();
    if (name.isEmpty())
        return tr("A profile needs a name.");
    if (name.size() > kMaxNameLength)
        return tr("A profile name can have at most %1 characters (this one has %2).")
            .arg(QString::number(kMaxNameLength), QString::number(name.size()));
    for (const QString& other : otherNames) {
        if (sameName(other, name))
            return tr("A profile named “%1” exists already.").arg(other.trimmed());
    }
    return QString();
}

QString ProfileRules::baseUrlProblem(const QString& typed)
{
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(typed);
    return check.ok ? QString() : check.error;
}

bool ProfileRules::isProviderId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,39}$"));
    return pattern.match(id).hasMatch();
}

QString ProfileRules::providerIdProblem(const QString& id)
{
    if (isProviderId(id))
        return QString();
    return tr("invalid provider id \"%1\": use 1 to 40 lowercase letters, digits, '-' or '_'").arg(id.left(60));
}

QString ProfileRules::pollProblem(const PollSettings& poll)
{
    if (poll.maxIntervalMs < poll.baseIntervalMs)
        return tr("The backoff cap must be at least the poll interval (%1 s).")
            .arg(std::llround(poll.baseIntervalMs / 1000.0));
    return QString();
}

QString ProfileRules::folderPathProblem(const QString& typed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty() || QDir::isAbsolutePath(QDir::fromNativeSeparators(text)))
        return QString();
    return tr("“%1” is not the full path of a folder; enter one such as %2.")
        .arg(text, QDir::toNativeSeparators(defaultDownloadFolder()));
}

QString ProfileRules::folderProblem(const QString& typed, bool emptyAllowed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty())
        return emptyAllowed ? QString() : tr("Choose a folder for downloads.");
    const QString pathProblem = folderPathProblem(text);
    if (!pathProblem.isEmpty())
        return pathProblem;
    const QFileInfo info(QDir::fromNativeSeparators(text));
    if (info.exists() && !info.isDir())
        return tr("%1 is a file, not a folder.").arg(text);
    if (info.isDir() && !info.isWritable())
        return tr("Reelwatch may not write to %1.").arg(text);
    return QString();
}

QString ProfileRules::defaultDownloadFolder()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (base.isEmpty())
        base = QDir::homePath();
    return QDir::cleanPath(base + QStringLiteral("/Reelwatch"));
}

} // namespace Reelwatch

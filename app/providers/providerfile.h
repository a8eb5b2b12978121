#pragma once

#include "providerdescription.h"

#include <optional>
#include <QCoreApplication>
#include <QString>

namespace Reelwatch {

struct ProviderFileResult
{
    std::optional<ProviderDescription> description;
    QString error; // "acme.json, line 7, fields.progress: …", when there is no description
};

// Reads a provider file: one JSON object that describes a video API (docs/PROVIDERS.md). Every key
// is checked; an unknown key, a value of the wrong type, a field path that is not a JSON Pointer, a
// status word mapped to no canonical status, a route that could leave the provider's own paths:
// each is an error that names the file, the line and the key, and nothing of the file is used.
class ProviderFile
{
    Q_DECLARE_TR_FUNCTIONS(ProviderFile)

public:
    static constexpr qint64 kMaxFileBytes = 256 * 1024;

    static ProviderFileResult parse(const QByteArray& text, const QString& fileName);
    static ProviderFileResult read(const QString& path);

    // The ids a provider may have: lower-case letters, digits, '-' and '_', 1–40 characters,
    // starting with a letter or digit.
    static bool isValidId(const QString& id);
};

} // namespace Reelwatch

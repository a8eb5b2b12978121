#include "fetchresult.h"

namespace Reelwatch {

QString fetchErrorKindName(FetchErrorKind kind)
{
    switch (kind) {
    case FetchErrorKind::None:
        return QString();
    case FetchErrorKind::NotFound:
        return QStringLiteral("not_found");
    case FetchErrorKind::Unauthorized:
        return QStringLiteral("unauthorized");
    case FetchErrorKind::RateLimited:
        return QStringLiteral("rate_limited");
    case FetchErrorKind::ServerError:
        return QStringLiteral("server_error");
    case FetchErrorKind::InvalidResponse:
        return QStringLiteral("invalid_response");
    case FetchErrorKind::TooLarge:
        return QStringLiteral("too_large");
    case FetchErrorKind::Timeout:
        return QStringLiteral("timeout");
    case FetchErrorKind::Network:
        return QStringLiteral("network");
    case FetchErrorKind::InvalidId:
        return QStringLiteral("invalid_id");
    }
    return QString();
}

FetchErrorKind fetchErrorKindFromName(const QString& name)
{
    for (FetchErrorKind kind : {FetchErrorKind::NotFound, FetchErrorKind::Unauthorized, FetchErrorKind::RateLimited,
                                FetchErrorKind::ServerError, FetchErrorKind::InvalidResponse, FetchErrorKind::TooLarge,
                                FetchErrorKind::Timeout, FetchErrorKind::Network, FetchErrorKind::InvalidId}) {
        if (!name.isEmpty() && fetchErrorKindName(kind) == name)
            return kind;
    }
    return FetchErrorKind::None;
}

} // namespace Reelwatch

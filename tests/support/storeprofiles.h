#pragma once

#include "store/store.h"

namespace Reelwatch::TestProfiles {

// A profile for a gateway that the tests never contact (it has no key, so it never polls): what an
// earlier Reelwatch created on first run, and what a user with one old profile has.
inline bool addIdleProfile(Store& store, QString* error)
{
    if (!store.profiles().isEmpty())
        return true;
    const std::optional<Profile> added = store.addProfile(
        QStringLiteral("OpenAI"), QUrl(QStringLiteral("https://api.openai.com")), AuthMode::Bearer, error);
    return added && store.setDefaultProfile(added->id, error);
}

} // namespace Reelwatch::TestProfiles

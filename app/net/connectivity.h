#pragma once

#include <QObject>

namespace Reelwatch {

// Whether the machine is online, from QNetworkInformation where the platform has a backend
// (NetworkManager on Linux). Without one, Reelwatch assumes it is online and lets network errors
// back off as usual.
class Connectivity : public QObject
{
    Q_OBJECT

public:
    explicit Connectivity(QObject* parent = nullptr);

    bool hasBackend() const { return m_hasBackend; }
    bool isOnline() const { return m_online; }

signals:
    void onlineChanged(bool online);

private:
    bool m_hasBackend = false;
    bool m_online = true;
};

} // namespace Reelwatch

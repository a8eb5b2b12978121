#pragma once

// Stands in for the desktop's player and file manager in tests: installed with
// QDesktopServices::setUrlHandler, it records each URL the code under test would have opened.

#include <QList>
#include <QObject>
#include <QUrl>

class OpenedUrls : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public slots:
    void open(const QUrl& url) { urls << url; }
};

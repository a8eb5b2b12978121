#pragma once

#include <QWidget>

namespace Reelwatch {

class ProviderRegistry;

// What the window shows while there is no profile: a greeting that says what Reelwatch does, the
// services it speaks, a button to add the first one, and the other ways in: pasting task IDs (which
// asks for their service first) and the demo, in a window of its own. Nothing is made up for the
// user: no profile exists until they add one.
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    WelcomePage(const ProviderRegistry* providers, QWidget* parent = nullptr);

signals:
    void addServiceRequested();
    void pasteRequested();
    void demoRequested();
};

} // namespace Reelwatch

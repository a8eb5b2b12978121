#pragma once

#include <functional>
#include <QWidget>

namespace Reelwatch {

// Test seams shared by the pages: the folder picker and the yes/no question (KeePassXC's
// MessageBox pattern).
using FolderChooser = std::function<QString(QWidget* parent, const QString& title, const QString& startFolder)>;
using Confirm = std::function<bool(QWidget* parent, const QString& title, const QString& question)>;

// One page of the settings dialog (as KeePassXC's ISettingsPage): it loads what it edits when built,
// keeps the user's edits as drafts, shows its problems in place, and writes its changes on apply().
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    // The tab's title, with its mnemonic.
    virtual QString title() const = 0;
    // Shows every problem in place; false while something would be refused. A page of check boxes has
    // none.
    virtual bool validate() { return true; }
    // The first problem the user cannot see right now (every one, when the page is not shown), said
    // with where it is; empty when there is none.
    virtual QString hiddenProblem(bool pageShown) const
    {
        Q_UNUSED(pageShown);
        return QString();
    }
    // Writes the changes; false with the reason, which the page also shows in place.
    virtual bool apply(QString* error) = 0;

signals:
    // The user changed something.
    void edited();
    // What the page shows changed without an edit (another profile selected): the dialog's summary
    // of problems out of sight follows.
    void shownChanged();
};

} // namespace Reelwatch

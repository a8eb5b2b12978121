#pragma once

#include "tasktablemodel.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace Reelwatch {

// What the board shows in the middle of the window when it has no row to show, with the one action
// that changes that: no task yet (add some, or try the demo), a search that matches nothing (clear
// it), a filter that leaves nothing (show all), every task archived (show them).
class BoardEmptyState : public QWidget
{
    Q_OBJECT

public:
    enum class Reason
    {
        NoTasks,
        Searched,
        Filtered,
        AllArchived,
    };

    explicit BoardEmptyState(QWidget* parent = nullptr);

    // `search`: the words searched for; `category`: the filter chosen; `others`: how many tasks the
    // board holds elsewhere (under All, or archived).
    void setReason(Reason reason, const QString& search, TaskCategory category, int others);
    Reason reason() const { return m_reason; }

signals:
    // The main button: add tasks, clear the search, show all, or show the archived tasks.
    void actionRequested(BoardEmptyState::Reason reason);
    void demoRequested();

private:
    Reason m_reason = Reason::NoTasks;
    QLabel* m_title;
    QLabel* m_text;
    QPushButton* m_action;
    QPushButton* m_demo;
};

} // namespace Reelwatch

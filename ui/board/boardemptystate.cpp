#include "boardemptystate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Reelwatch {

namespace {

// "No failed renders": what a filter that leaves nothing is showing.
QString emptyCategoryTitle(TaskCategory category)
{
    switch (category) {
    case TaskCategory::All:
        break;
    case TaskCategory::Active:
        return BoardEmptyState::tr("Nothing is rendering or waiting");
    case TaskCategory::Succeeded:
        return BoardEmptyState::tr("No finished renders yet");
    case TaskCategory::Failed:
        return BoardEmptyState::tr("No failed renders");
    case TaskCategory::Problems:
        return BoardEmptyState::tr("No problems");
    case TaskCategory::Archived:
        return BoardEmptyState::tr("Nothing is archived");
    }
    return BoardEmptyState::tr("No tasks to show");
}

} // namespace

BoardEmptyState::BoardEmptyState(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_demo(new QPushButton(tr("Try the &demo"), this))
{
    setObjectName(QStringLiteral("emptyBoard"));
    setAccessibleName(tr("The board is empty"));
    m_title->setObjectName(QStringLiteral("emptyBoardTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setAlignment(Qt::AlignHCenter);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    if (titleFont.pointSizeF() > 0)
        titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_text->setObjectName(QStringLiteral("emptyBoardText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setAlignment(Qt::AlignHCenter);
    m_text->setWordWrap(true);
    m_text->setForegroundRole(QPalette::PlaceholderText);
    m_action->setObjectName(QStringLiteral("emptyBoardAction"));
    m_action->setDefault(true);
    m_demo->setObjectName(QStringLiteral("emptyBoardDemo"));
    m_demo->setToolTip(tr("Open a second window on the built-in demo server, with sample renders; nothing of "
                          "yours is touched"));
    connect(m_action, &QPushButton::clicked, this, [this] { emit actionRequested(m_reason); });
    connect(m_demo, &QPushButton::clicked, this, &BoardEmptyState::demoRequested);

    // A column of reading width in the middle, as the first run's greeting has.
    auto* column = new QWidget(this);
    column->setFixedWidth(fontMetrics().averageCharWidth() * 64);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(12);
    columnLayout->addWidget(m_title);
    columnLayout->addWidget(m_text);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_action);
    buttons->addWidget(m_demo);
    buttons->addStretch(1);
    columnLayout->addSpacing(6);
    columnLayout->addLayout(buttons);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
    setReason(Reason::NoTasks, QString(), TaskCategory::All, 0);
}

void BoardEmptyState::setReason(Reason reason, const QString& search, TaskCategory category, int others)
{
    m_reason = reason;
    m_demo->setVisible(reason == Reason::NoTasks);
    switch (reason) {
    case Reason::NoTasks:
        m_title->setText(tr("No tasks yet"));
        m_text->setText(tr("Paste task IDs anywhere in this window (Ctrl+V), or drop text or a file that holds "
                           "them: lines, JSON, CSV or links. Reelwatch follows each render until it finishes."));
        m_action->setText(tr("&Add tasks…"));
        break;
    case Reason::Searched:
        m_title->setText(tr("No task matches “%1”").arg(search));
        m_text->setText(category == TaskCategory::All
                            ? tr("The search looks at each task's ID, label, prompt and model.")
                            : tr("The search looks at the ID, label, prompt and model of the tasks the filter shows."));
        m_action->setText(tr("&Clear search"));
        break;
    case Reason::Filtered:
        m_title->setText(emptyCategoryTitle(category));
        m_text->setText(category == TaskCategory::Archived ? tr("Archive (Ctrl+E) moves tasks here, off the board.")
                                                           : tr("%n task(s) on the board under All.", nullptr, others));
        m_action->setText(tr("&Show all"));
        break;
    case Reason::AllArchived:
        m_title->setText(tr("Every task is archived"));
        m_text->setText(tr("%n archived task(s), shown by the Archived filter.", nullptr, others));
        m_action->setText(tr("&Show archived"));
        break;
    }
    m_action->setAccessibleName(m_action->text().remove(QLatin1Char('&')));
    // A screen reader hears why the board is empty and what to do, not only that it is.
    setAccessibleDescription(m_title->text() + QStringLiteral(". ") + m_text->text());
}

} // namespace Reelwatch

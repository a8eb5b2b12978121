#include "addtasksdialog.h"

#include "statusbadgedelegate.h"
#include "taskdroptext.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStandardItemModel>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTextCursor>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace Reelwatch {

namespace {

enum Column
{
    IdColumn,
    VerdictColumn,
    LabelColumn,
    ColumnCount
};

// The share of the list's width an ID or a label gets at most, so the verdict beside a long one stays
// in view; the full text is in the tooltip.
constexpr double kIdShare = 0.45;
constexpr double kLabelShare = 0.25;
constexpr int kTooltipLineLength = 80;

// An ID differs from the next in its last characters and is recognised by its first: a long one is
// elided in the middle.
class ElideMiddleDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideMiddle;
    }
};

// A long ID in lines a tooltip can show on any screen: IDs have no spaces to wrap at.
QString inLines(const QString& text)
{
    QStringList lines;
    for (qsizetype at = 0; at < text.size(); at += kTooltipLineLength)
        lines << text.mid(at, kTooltipLineLength);
    return lines.join(QLatin1Char('\n'));
}

// Typing re-reads the text after a short pause; a huge paste waits a little longer between reads.
constexpr int kRefreshDelayMs = 200;
constexpr int kRefreshDelayLargeMs = 600;
constexpr int kLargeText = 200 * 1024;

// Control characters (a newline inside a JSON string) shown as their visible pictures, so an
// invalid ID still fits on its row and shows what is wrong with it.
QString displayable(QString id)
{
    for (QChar& c : id) {
        if (c.unicode() < 0x20)
            c = QChar(0x2400 + c.unicode());
        else if (c.unicode() == 0x7f)
            c = QChar(0x2421);
    }
    return id;
}

// The board's badge text colours (contrast-checked for light and dark palettes): the same words
// in the same colours mean the same thing everywhere in the window.
QColor verdictColour(TaskIntake::Verdict verdict, const QPalette& palette)
{
    const bool dark = StatusBadgeDelegate::isDark(palette);
    switch (verdict) {
    case TaskIntake::Verdict::Valid:
        return StatusBadgeDelegate::colours(BadgeKind::Success, dark).text;
    case TaskIntake::Verdict::Invalid:
        return StatusBadgeDelegate::colours(BadgeKind::Failure, dark).text;
    case TaskIntake::Verdict::Duplicate:
        break;
    }
    return StatusBadgeDelegate::colours(BadgeKind::Waiting, dark).text;
}

} // namespace

AddTasksDialog::AddTasksDialog(const QList<Profile>& profiles, qint64 initialProfileId,
                               std::function<bool(qint64 profileId, const QString& taskId)> isKnown, QWidget* parent)
    : QDialog(parent)
    , m_isKnown(std::move(isKnown))
    , m_text(new QPlainTextEdit(this))
    , m_errorLabel(new QLabel(this))
    , m_list(new QTreeView(this))
    , m_model(new QStandardItemModel(0, ColumnCount, this))
    , m_summary(new QLabel(this))
    , m_profiles(new QComboBox(this))
    , m_label(new QLineEdit(this))
    , m_addButton(nullptr)
    , m_refreshTimer(new QTimer(this))
{
    setWindowTitle(tr("Add tasks"));
    setAcceptDrops(true);

    m_text->setAccessibleName(tr("Task IDs to add"));
    m_text->setPlaceholderText(tr("Paste task IDs: one per line, separated by commas, JSON, CSV or links that end "
                                  "in an ID. You can also drop .txt, .json or .csv files here."));
    // Tab moves on instead of typing a tab, so the dialog can be crossed with the keyboard alone.
    m_text->setTabChangesFocus(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    // File drops are read here (TaskDropText); plain text drops keep the editor's own behaviour.
    m_text->viewport()->installEventFilter(this);

    m_errorLabel->setAccessibleName(tr("Problems with the dropped or pasted data"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();

    m_list->setAccessibleName(tr("Task IDs found"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setModel(m_model);
    // The verdict takes the width an ID and its label leave: each is as wide as its text up to a share
    // of the list (fitColumns), elided beyond (an ID in the middle), whole in its tooltip.
    m_list->setItemDelegateForColumn(IdColumn, new ElideMiddleDelegate(m_list));
    QHeaderView* header = m_list->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(VerdictColumn, QHeaderView::Stretch);
    m_model->setHorizontalHeaderLabels({tr("Task ID"), tr("Verdict"), tr("Label")});
    connect(header, &QHeaderView::sectionResized, this, [this](int column) {
        if (!m_fitting && column != VerdictColumn && (QApplication::mouseButtons() & Qt::LeftButton))
            m_sizedByUser.insert(column);
    });
    m_list->viewport()->installEventFilter(this);

    m_summary->setAccessibleName(tr("Summary"));
    m_summary->setWordWrap(true);

    for (const Profile& profile : profiles)
        m_profiles->addItem(tr("%1 (%2)").arg(profile.name, profile.baseUrl.host()), profile.id);
    int initialIndex = m_profiles->findData(initialProfileId);
    for (int i = 0; initialIndex < 0 && i < profiles.size(); ++i) {
        if (profiles.at(i).isDefault)
            initialIndex = i;
    }
    m_profiles->setCurrentIndex(std::max(0, initialIndex));
    m_profiles->setAccessibleName(tr("Profile"));

    m_label->setAccessibleName(tr("Label"));
    m_label->setPlaceholderText(tr("Optional; given to every task added, in place of labels found in the text"));
    m_label->setClearButtonEnabled(true);
    connect(m_label, &QLineEdit::textChanged, this, &AddTasksDialog::showLabels);

    auto* textLabel = new QLabel(tr("&Task IDs:"), this);
    textLabel->setBuddy(m_text);
    auto* listLabel = new QLabel(tr("IDs &found:"), this);
    listLabel->setBuddy(m_list);

    auto* form = new QFormLayout;
    form->addRow(tr("&Profile:"), m_profiles);
    form->addRow(tr("&Label:"), m_label);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_addButton = buttons->addButton(tr("Add tasks"), QDialogButtonBox::AcceptRole);
    m_addButton->setDefault(true);
    m_addButton->setToolTip(tr("Adds the new IDs (Ctrl+Enter)"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AddTasksDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Enter types a newline in the text field; Ctrl+Enter adds from anywhere in the dialog.
    for (const QKeySequence& keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)})
        connect(new QShortcut(keys, this), &QShortcut::activated, this, &AddTasksDialog::accept);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(textLabel);
    layout->addWidget(m_text, 2);
    layout->addWidget(m_errorLabel);
    layout->addWidget(listLabel);
    layout->addWidget(m_list, 3);
    layout->addWidget(m_summary);
    layout->addLayout(form);
    layout->addWidget(buttons);

    setTabOrder(m_text, m_list);
    setTabOrder(m_list, m_profiles);
    setTabOrder(m_profiles, m_label);

    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, &AddTasksDialog::refresh);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        m_refreshTimer->start(m_text->document()->characterCount() > kLargeText ? kRefreshDelayLargeMs
                                                                                : kRefreshDelayMs);
    });
    connect(m_profiles, &QComboBox::currentIndexChanged, this, &AddTasksDialog::refresh);

    m_text->setFocus();
    resize(680, 560);
    refresh();
}

void AddTasksDialog::setText(const QString& text)
{
    m_text->setPlainText(text);
    refresh();
}

QString AddTasksDialog::text() const
{
    return m_text->toPlainText();
}

void AddTasksDialog::addErrors(const QStringList& errors)
{
    if (errors.isEmpty())
        return;
    m_errors << errors;
    showErrors();
}

void AddTasksDialog::showErrors()
{
    m_errorLabel->setVisible(!m_errors.isEmpty());
    // The words say what went wrong; the colour only draws the eye.
    QPalette palette = m_errorLabel->palette();
    palette.setColor(QPalette::WindowText, verdictColour(TaskIntake::Verdict::Invalid, this->palette()));
    m_errorLabel->setPalette(palette);
    m_errorLabel->setText(m_errors.join(QLatin1Char('\n')));
}

qint64 AddTasksDialog::profileId() const
{
    return m_profiles->currentData().toLongLong();
}

QString AddTasksDialog::label() const
{
    return m_label->text().trimmed();
}

QStringList AddTasksDialog::validIds() const
{
    // Typing and pressing Ctrl+Enter at once must add what is in the field, not what was there
    // before the pause.
    return TaskIntake::validIds(m_refreshTimer->isActive() ? reviewText() : m_items);
}

QHash<QString, QString> AddTasksDialog::labels() const
{
    QHash<QString, QString> labels;
    for (const TaskIntake::Item& item : m_refreshTimer->isActive() ? reviewText() : m_items) {
        const QString label = labelOf(item);
        if (item.verdict == TaskIntake::Verdict::Valid && !label.isEmpty())
            labels.insert(item.id, label);
    }
    return labels;
}

QString AddTasksDialog::labelOf(const TaskIntake::Item& item) const
{
    const QString typed = label();
    return typed.isEmpty() ? item.label : typed;
}

void AddTasksDialog::accept()
{
    if (m_refreshTimer->isActive())
        refresh();
    if (!m_addButton->isEnabled())
        return;
    QDialog::accept();
}

void AddTasksDialog::setIdCheck(std::function<TaskIdCheck(qint64 profileId, const QString& candidate)> check)
{
    m_checkId = std::move(check);
    refresh();
}

QList<TaskIntake::Item> AddTasksDialog::reviewText() const
{
    const qint64 profile = profileId();
    std::function<TaskIdCheck(const QString&)> check;
    if (m_checkId)
        check = [this, profile](const QString& candidate) { return m_checkId(profile, candidate); };
    return TaskIntake::review(
        m_text->toPlainText(), [this, profile](const QString& id) { return m_isKnown && m_isKnown(profile, id); },
        check);
}

void AddTasksDialog::refresh()
{
    m_refreshTimer->stop();
    m_items = reviewText();

    const QString profileName = m_profiles->currentText();
    const QIcon validIcon = style()->standardIcon(QStyle::SP_DialogApplyButton);
    const QIcon duplicateIcon = style()->standardIcon(QStyle::SP_MessageBoxInformation);
    const QIcon invalidIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);

    // All rows at once, then the cells: one insertion for the view instead of one per row, which
    // matters for a pasted file of thousands of IDs. Column widths the user set stay.
    m_model->removeRows(0, m_model->rowCount());
    m_model->setRowCount(int(m_items.size()));
    for (int row = 0; row < m_items.size(); ++row) {
        const TaskIntake::Item& item = m_items.at(row);
        auto* idItem = new QStandardItem(displayable(item.id));
        idItem->setToolTip(inLines(displayable(item.id)));
        auto* verdictItem = new QStandardItem;
        switch (item.verdict) {
        case TaskIntake::Verdict::Valid:
            verdictItem->setText(tr("Valid"));
            verdictItem->setIcon(validIcon);
            verdictItem->setToolTip(tr("New to this profile; it will be added."));
            break;
        case TaskIntake::Verdict::Duplicate:
            verdictItem->setText(tr("Already tracked"));
            verdictItem->setIcon(duplicateIcon);
            verdictItem->setToolTip(tr("Already tracked in %1; it will not be added again.").arg(profileName));
            break;
        case TaskIntake::Verdict::Invalid:
            verdictItem->setText(tr("Invalid: %1").arg(item.reason));
            verdictItem->setIcon(invalidIcon);
            verdictItem->setToolTip(tr("Never sent to the server: %1").arg(item.reason));
            break;
        }
        verdictItem->setForeground(verdictColour(item.verdict, palette()));
        verdictItem->setData(int(item.verdict), Qt::UserRole);
        m_model->setItem(row, IdColumn, idItem);
        m_model->setItem(row, VerdictColumn, verdictItem);
        m_model->setItem(row, LabelColumn, new QStandardItem);
    }
    showLabels();

    const TaskIntake::Counts counts = TaskIntake::count(m_items);
    if (m_items.isEmpty()) {
        m_summary->setText(m_text->toPlainText().trimmed().isEmpty() ? tr("Paste or drop task IDs above.")
                                                                     : tr("No task IDs found in this text."));
    } else {
        QStringList parts{tr("%n new", nullptr, counts.valid)};
        if (counts.duplicate > 0)
            parts << tr("%n already tracked", nullptr, counts.duplicate);
        if (counts.invalid > 0)
            parts << tr("%n invalid", nullptr, counts.invalid);
        m_summary->setText(parts.join(tr(", ")));
    }

    const bool canAdd = counts.valid > 0 && profileId() != 0;
    m_addButton->setEnabled(canAdd);
    // "Add 1 task" has its own string: without a translation, %n alone cannot make English plurals.
    if (counts.valid == 1)
        m_addButton->setText(tr("Add 1 task"));
    else if (counts.valid > 1)
        m_addButton->setText(tr("Add %n tasks", nullptr, counts.valid));
    else
        m_addButton->setText(tr("Add tasks"));
}

// Each row's label as it would be given: the one typed for all, else the one the text gives it. The
// column shows only when some row has one.
void AddTasksDialog::showLabels()
{
    bool any = false;
    for (int row = 0; row < m_items.size(); ++row) {
        const QString label = labelOf(m_items.at(row));
        QStandardItem* cell = m_model->item(row, LabelColumn);
        if (!cell)
            continue;
        if (cell->text() != label) {
            cell->setText(label);
            cell->setToolTip(label);
        }
        any = any || !label.isEmpty();
    }
    m_list->setColumnHidden(LabelColumn, !any);
    fitColumns();
}

void AddTasksDialog::fitColumns()
{
    QHeaderView* header = m_list->header();
    const int available = m_list->viewport()->width();
    const int least = fontMetrics().averageCharWidth() * 12;
    // Public in the base class; the tree view's own answer (its visible rows) all the same.
    const QAbstractItemView* view = m_list;
    m_fitting = true;
    for (const auto& [column, share] : {std::pair{int(IdColumn), kIdShare}, std::pair{int(LabelColumn), kLabelShare}}) {
        if (m_list->isColumnHidden(column) || m_sizedByUser.contains(column))
            continue;
        const int wanted = std::max(view->sizeHintForColumn(column), header->sectionSizeHint(column));
        header->resizeSection(column, std::min(wanted, std::max(least, int(available * share))));
    }
    m_fitting = false;
}

void AddTasksDialog::dropMime(const QMimeData* mime)
{
    const TaskDropText::Result dropped = TaskDropText::read(mime);
    if (!dropped.text.trimmed().isEmpty()) {
        const QString existing = m_text->toPlainText();
        // Through a cursor rather than setPlainText(), so Ctrl+Z brings back what was there.
        QTextCursor cursor(m_text->document());
        cursor.select(QTextCursor::Document);
        cursor.insertText(TaskDropText::combine({existing, dropped.text}));
        refresh();
    }
    addErrors(dropped.errors);
}

bool AddTasksDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    if (watched == m_text->viewport()) {
        switch (event->type()) {
        case QEvent::DragEnter:
        case QEvent::DragMove: {
            auto* drag = static_cast<QDragMoveEvent*>(event);
            if (drag->mimeData()->hasUrls()) {
                drag->acceptProposedAction();
                return true;
            }
            break;
        }
        case QEvent::Drop: {
            auto* drop = static_cast<QDropEvent*>(event);
            if (drop->mimeData()->hasUrls()) {
                dropMime(drop->mimeData());
                drop->acceptProposedAction();
                return true;
            }
            break;
        }
        default:
            break;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void AddTasksDialog::dragEnterEvent(QDragEnterEvent* event)
{
    if (TaskDropText::canRead(event->mimeData()))
        event->acceptProposedAction();
}

void AddTasksDialog::dragMoveEvent(QDragMoveEvent* event)
{
    if (TaskDropText::canRead(event->mimeData()))
        event->acceptProposedAction();
}

void AddTasksDialog::dropEvent(QDropEvent* event)
{
    if (!TaskDropText::canRead(event->mimeData()))
        return;
    dropMime(event->mimeData());
    event->acceptProposedAction();
}

} // namespace Reelwatch

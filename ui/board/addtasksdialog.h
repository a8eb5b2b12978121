#pragma once

#include "core/taskintake.h"
#include "store/storetypes.h"

#include <functional>
#include <QDialog>
#include <QHash>
#include <QSet>

class QComboBox;
class QLabel;
class QLineEdit;
class QMimeData;
class QPlainTextEdit;
class QPushButton;
class QStandardItemModel;
class QTimer;
class QTreeView;

namespace Reelwatch {

// Add tasks from pasted or dropped text of any shape: shows every ID found with its verdict (new,
// already tracked in the chosen profile, invalid and why) and the label each would get before anything
// is added. The dialog adds nothing itself; on accept the caller reads profileId(), validIds() and
// labels().
class AddTasksDialog : public QDialog
{
    Q_OBJECT

public:
    AddTasksDialog(const QList<Profile>& profiles, qint64 initialProfileId,
                   std::function<bool(qint64 profileId, const QString& taskId)> isKnown, QWidget* parent = nullptr);

    // The chosen profile's ID grammar (its provider's); without one, TaskId::validate.
    void setIdCheck(std::function<TaskIdCheck(qint64 profileId, const QString& candidate)> check);

    // Replaces the text and shows what it holds at once.
    void setText(const QString& text);
    QString text() const;
    // Problems from a drop or paste (files that could not be read), shown above the list.
    void addErrors(const QStringList& errors);
    QStringList errors() const { return m_errors; }

    qint64 profileId() const;
    QString label() const; // the one typed for every task; trimmed; empty when none
    // The IDs new to the chosen profile, in the order of the text.
    QStringList validIds() const;
    // The label each of validIds() is added with, by ID: the one typed when there is one, else the one
    // the text gives it (a table's label or prompt column, a JSON object's label). IDs with none are
    // left out.
    QHash<QString, QString> labels() const;

    void accept() override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QList<TaskIntake::Item> reviewText() const;
    QString labelOf(const TaskIntake::Item& item) const;
    void refresh();
    void showLabels();
    void fitColumns();
    void dropMime(const QMimeData* mime);
    void showErrors();

    std::function<bool(qint64, const QString&)> m_isKnown;
    std::function<TaskIdCheck(qint64 profileId, const QString& candidate)> m_checkId;
    QPlainTextEdit* m_text;
    QLabel* m_errorLabel;
    QTreeView* m_list;
    QStandardItemModel* m_model;
    QLabel* m_summary;
    QComboBox* m_profiles;
    QLineEdit* m_label;
    QPushButton* m_addButton;
    QTimer* m_refreshTimer;
    QStringList m_errors;
    QList<TaskIntake::Item> m_items;
    QSet<int> m_sizedByUser; // columns the user has resized: left as they are
    bool m_fitting = false;
};

} // namespace Reelwatch

#pragma once

#include <QString>

class QFormLayout;
class QLabel;
class QWidget;

namespace Reelwatch {

// The few pieces every settings page builds its form from, so a problem looks and reads the same
// on each: a message line under its field (red for a problem, green for good news), and a field row
// whose label is the field's buddy.
namespace SettingsForm {

QLabel* messageLabel(QWidget* parent, const QString& objectName, const QString& accessibleName);
// Shows `text` in `label` (hidden when empty), red when it is a problem.
void showMessage(QLabel* label, const QString& text, bool isError = true);
// A field with its problem underneath, both in the field column; the row label is the field's buddy.
void addFieldRow(QFormLayout* form, const QString& labelText, QWidget* field, QLabel* problem);
int secondsOf(qint64 ms);

} // namespace SettingsForm

} // namespace Reelwatch

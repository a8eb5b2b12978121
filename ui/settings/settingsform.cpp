#include "settingsform.h"

#include <cmath>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace Reelwatch {

namespace {

const QString kErrorStyle = QStringLiteral("QLabel { color: #c01c28; }");
const QString kGoodStyle = QStringLiteral("QLabel { color: #26a269; }");

} // namespace

QLabel* SettingsForm::messageLabel(QWidget* parent, const QString& objectName, const QString& accessibleName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(kErrorStyle);
    label->hide();
    return label;
}

void SettingsForm::showMessage(QLabel* label, const QString& text, bool isError)
{
    label->setText(text);
    label->setStyleSheet(isError ? kErrorStyle : kGoodStyle);
    label->setVisible(!text.isEmpty());
}

void SettingsForm::addFieldRow(QFormLayout* form, const QString& labelText, QWidget* field, QLabel* problem)
{
    auto* label = new QLabel(labelText, form->parentWidget());
    label->setBuddy(field);
    auto* column = new QWidget(form->parentWidget());
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(problem);
    form->addRow(label, column);
}

int SettingsForm::secondsOf(qint64 ms)
{
    return static_cast<int>(std::llround(ms / 1000.0));
}

} // namespace Reelwatch

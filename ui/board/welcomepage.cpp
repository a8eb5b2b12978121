#include "welcomepage.h"

#include "providers/providerregistry.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Reelwatch {

WelcomePage::WelcomePage(const ProviderRegistry* providers, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    auto* title = new QLabel(tr("Add a service"), this);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto* text = new QLabel(tr("Reelwatch follows your renders on the video APIs you use and tells you when they "
                               "are done. Pick your service, paste its key (it goes into the system keychain), "
                               "test the connection, then paste or drop task IDs here."),
                            this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignHCenter);

    QStringList names;
    for (const ProviderRegistry::Entry& entry : providers->entries())
        names << entry.provider->name();
    auto* services = new QLabel(
        tr("Speaks: %1, or any API you describe in a provider file.").arg(names.join(QStringLiteral(", "))), this);
    services->setObjectName(QStringLiteral("welcomeServices"));
    services->setWordWrap(true);
    services->setAlignment(Qt::AlignHCenter);
    services->setForegroundRole(QPalette::PlaceholderText);

    auto* add = new QPushButton(tr("&Add a service…"), this);
    add->setObjectName(QStringLiteral("addService"));
    add->setDefault(true);
    add->setAccessibleName(tr("Add a service"));
    connect(add, &QPushButton::clicked, this, &WelcomePage::addServiceRequested);
    auto* paste = new QPushButton(tr("&Paste task IDs…"), this);
    paste->setObjectName(QStringLiteral("welcomePaste"));
    paste->setToolTip(tr("Add the task IDs on the clipboard; the service they belong to is set up first"));
    connect(paste, &QPushButton::clicked, this, &WelcomePage::pasteRequested);
    auto* demo = new QPushButton(tr("Try the &demo"), this);
    demo->setObjectName(QStringLiteral("welcomeDemo"));
    demo->setToolTip(tr("Open a second window on the built-in demo server, with sample renders on six APIs; "
                        "no key needed and nothing of yours touched"));
    connect(demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);

    // A column of reading width in the middle: wrapped text needs a width to know its height.
    auto* column = new QWidget(this);
    column->setFixedWidth(fontMetrics().averageCharWidth() * 72);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(12);
    columnLayout->addWidget(title, 0, Qt::AlignHCenter);
    columnLayout->addWidget(text);
    columnLayout->addWidget(services);
    columnLayout->addSpacing(6);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(add);
    buttons->addWidget(paste);
    buttons->addWidget(demo);
    buttons->addStretch(1);
    columnLayout->addLayout(buttons);

    // Stretches around it rather than alignment flags: an aligned widget gets its size hint's height,
    // which knows nothing of wrapped lines.
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
}

} // namespace Reelwatch

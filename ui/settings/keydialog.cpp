#include "keydialog.h"

#include "monitor/profilemanager.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Reelwatch {

KeyDialog::KeyDialog(ProfileManager* profileManager, qint64 profileId, QWidget* parent)
    : QDialog(parent)
    , m_profileManager(profileManager)
    , m_profiles(new QComboBox(this))
    , m_key(new QLineEdit(this))
    , m_explanation(new QLabel(this))
    , m_saveButton(nullptr)
    , m_sessionButton(nullptr)
{
    setWindowTitle(tr("API key"));
    for (const Profile& profile : m_profileManager->profiles())
        m_profiles->addItem(tr("%1 (%2)").arg(profile.name, profile.baseUrl.host()), profile.id);
    m_profiles->setCurrentIndex(std::max(0, m_profiles->findData(profileId)));
    m_profiles->setAccessibleName(tr("Profile"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setAccessibleName(tr("Key or token"));
    m_key->setPlaceholderText(tr("sk-… or token"));
    m_explanation->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Profile:"), m_profiles);
    form->addRow(tr("&Key or token:"), m_key);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->addButton(tr("&Save to keychain"), QDialogButtonBox::AcceptRole);
    m_sessionButton = buttons->addButton(tr("Use for this &session only"), QDialogButtonBox::ApplyRole);
    // The demo holds its keys in memory: there is no keychain to save to.
    m_saveButton->setVisible(m_profileManager->keysInSystemKeychain());
    connect(m_saveButton, &QPushButton::clicked, this, &KeyDialog::saveToKeychain);
    connect(m_sessionButton, &QPushButton::clicked, this, &KeyDialog::useForSession);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_profiles, &QComboBox::currentIndexChanged, this, &KeyDialog::updateExplanation);
    connect(m_key, &QLineEdit::textChanged, this, [this] {
        const bool filled = !m_key->text().trimmed().isEmpty();
        m_sessionButton->setEnabled(filled);
        m_saveButton->setEnabled(
            filled && m_profileManager->keySource(selectedProfile()) != ProfileManager::KeySource::Unavailable);
    });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_explanation);
    layout->addWidget(buttons);
    updateExplanation();
    m_saveButton->setEnabled(false);
    m_sessionButton->setEnabled(false);
    resize(520, sizeHint().height());
}

KeyDialog::~KeyDialog()
{
    m_key->clear();
}

qint64 KeyDialog::selectedProfile() const
{
    return m_profiles->currentData().toLongLong();
}

void KeyDialog::updateExplanation()
{
    const qint64 profileId = selectedProfile();
    switch (m_profileManager->keySource(profileId)) {
    case ProfileManager::KeySource::Unavailable:
        m_explanation->setText(tr("%1\n\nYou can still use a key for this session only; it is kept in memory and "
                                  "forgotten when Reelwatch quits.")
                                   .arg(m_profileManager->keyProblem(profileId)));
        break;
    case ProfileManager::KeySource::Environment:
        m_explanation->setText(tr("This profile's key currently comes from the environment, which overrides the "
                                  "keychain until Reelwatch is started without it."));
        break;
    default:
        m_explanation->setText(m_profileManager->keysInSystemKeychain()
                                   ? tr("The key is stored in the system keychain, never in a file, and sent only "
                                        "to this profile's server.")
                                   : tr("In the demo a key is held in memory for this session only, never written "
                                        "to the system keychain, and sent only to this profile's server."));
        break;
    }
    m_saveButton->setEnabled(!m_key->text().trimmed().isEmpty()
                             && m_profileManager->keySource(profileId) != ProfileManager::KeySource::Unavailable);
}

void KeyDialog::saveToKeychain()
{
    const QByteArray secret = m_key->text().trimmed().toUtf8();
    m_saveButton->setEnabled(false);
    m_profileManager->storeKey(selectedProfile(), secret, this, [this](bool ok, const QString& problem) {
        if (ok) {
            accept();
            return;
        }
        m_explanation->setText(tr("The key was not saved. %1").arg(problem));
        m_saveButton->setEnabled(true);
    });
}

void KeyDialog::useForSession()
{
    m_profileManager->useSessionKey(selectedProfile(), m_key->text().trimmed().toUtf8());
    accept();
}

} // namespace Reelwatch

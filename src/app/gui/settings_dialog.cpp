#include "settings_dialog.h"

#include "desktop_settings_page.h"
#include "secrets/secret_store.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace flotilla {

SettingsDialog::SettingsDialog(SecretStore &secrets, DesktopSettingsPage *desktop, QWidget *parent)
    : QDialog(parent), m_secrets(secrets), m_desktop(desktop)
{
    setWindowTitle(tr("Flotilla settings"));
    auto *accounts = new QWidget(this);
    auto *accountsLayout = new QVBoxLayout(accounts);
    auto *intro = new QLabel(tr("Tokens and keys are kept in your system's keychain, never in a file. A stored "
                                "one is not shown again; type a new one to replace it."),
                             accounts);
    intro->setWordWrap(true);
    accountsLayout->addWidget(intro);
    auto *form = new QFormLayout;
    addAccount(form, tr("GitHub token"), QString::fromLatin1(kGithubItem),
               tr("A token with Contents, Pull requests, Issues, Checks and Actions access"));
    addAccount(form, tr("Linear API key"), QString::fromLatin1(kLinearItem), tr("Settings → API in Linear"));
    addAccount(form, tr("Ravi API key"), QString::fromLatin1(kRaviItem), tr("The management key of your Ravi account"));
    accountsLayout->addLayout(form);
    accountsLayout->addStretch();

    auto *layout = new QVBoxLayout(this);
    if (desktop) {
        auto *tabs = new QTabWidget(this);
        tabs->setObjectName(QStringLiteral("settingsTabs"));
        tabs->addTab(accounts, tr("Accounts"));
        tabs->addTab(desktop, tr("Desktop"));
        layout->addWidget(tabs);
    } else {
        layout->addWidget(accounts);
    }
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("settingsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    readStates();
}

void SettingsDialog::addAccount(QFormLayout *form, const QString &label, const QString &item, const QString &hint)
{
    auto *row = new QWidget(this);
    auto *rowLayout = new QVBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    auto *field = new QLineEdit(row);
    field->setObjectName(item + QStringLiteral("Field"));
    field->setEchoMode(QLineEdit::Password);
    field->setPlaceholderText(hint);
    auto *state = new QLabel(tr("Checking the keychain…"), row);
    state->setObjectName(item + QStringLiteral("State"));
    rowLayout->addWidget(field);
    rowLayout->addWidget(state);
    form->addRow(label, row);
    m_accounts << Account{item, field, state};
}

void SettingsDialog::readStates()
{
    for (const Account &account : std::as_const(m_accounts)) {
        QLabel *state = account.state;
        m_secrets.read(account.item, this, [this, state](Result<QString> read) {
            if (read) {
                state->setText(read->isEmpty() ? tr("Not set") : tr("Stored in the keychain"));
                return;
            }
            if (read.error().code == QStringLiteral("secrets.not_found")) {
                state->setText(tr("Not set"));
                return;
            }
            state->setText(tr("Unknown"));
            showProblem(read.error().message);
        });
    }
}

void SettingsDialog::showProblem(const QString &problem)
{
    m_status->setText(tr("The keychain is not available, so nothing can be saved: %1").arg(problem));
}

QString SettingsDialog::statusText() const
{
    return m_status->text();
}

void SettingsDialog::save()
{
    m_pending = 0;
    m_failed = false;
    if (m_desktop) {
        if (const auto applied = m_desktop->apply(); !applied) {
            m_status->setText(tr("Not saved: %1").arg(applied.error().message));
            emit saved(false);
            return;
        }
    }
    for (const Account &account : std::as_const(m_accounts)) {
        const QString secret = account.field->text().trimmed();
        if (secret.isEmpty())
            continue; // unchanged
        ++m_pending;
        m_secrets.write(account.item, secret, this, [this, account](Result<void> written) {
            if (written) {
                account.field->clear();
                account.state->setText(tr("Stored in the keychain"));
            } else {
                m_failed = true;
                showProblem(written.error().message);
            }
            if (--m_pending > 0)
                return;
            if (!m_failed)
                m_status->setText(tr("Saved."));
            emit saved(!m_failed);
            if (!m_failed)
                accept();
        });
    }
    if (m_pending == 0) {
        emit saved(true);
        accept();
    }
}

} // namespace flotilla

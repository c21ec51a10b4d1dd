#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace flotilla {

class DesktopSettingsPage;
class SecretStore;

// Settings for the accounts Flotilla works with: the GitHub token, the Linear API key and the
// Ravi API key, kept in the OS keychain only (never in the configuration file or QSettings).
// A stored secret is never shown again: its field says it is stored and takes a new one.
// Without a keychain the dialog says so and saves nothing. With a desktop page, the dialog has
// two tabs: Accounts and Desktop (theme, start at login, desktop notifications).
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // The keychain items, as the plugins look them up (CredentialSource).
    static constexpr const char *kGithubItem = "github";
    static constexpr const char *kLinearItem = "linear";
    static constexpr const char *kRaviItem = "ravi";

    // `desktop`, when given, becomes the dialog's child.
    explicit SettingsDialog(SecretStore &secrets, DesktopSettingsPage *desktop = nullptr, QWidget *parent = nullptr);

    // Saves every field that was given a value, then reports in the dialog; finished() follows.
    void save();
    QString statusText() const;

signals:
    void saved(bool ok);

private:
    struct Account
    {
        QString item;
        QLineEdit *field = nullptr;
        QLabel *state = nullptr;
    };
    void addAccount(QFormLayout *form, const QString &label, const QString &item, const QString &hint);
    void readStates();
    void showProblem(const QString &problem);

    SecretStore &m_secrets;
    DesktopSettingsPage *m_desktop = nullptr;
    QList<Account> m_accounts;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    int m_pending = 0;
    bool m_failed = false;
};

} // namespace flotilla

#pragma once
// The settings: the Hub (token in the keychain, endpoint, namespace, private datasets), git
// (the workspace's remote, a token for its host, the author), sync (automatic sync, its delay,
// automatic push, how long session files are kept), the window's local REST server and the layer
// rules. Read from and written through the core's async API; Apply and OK save only what changed.

#include "Workspace.h"

#include <QDialog>
#include <QJsonObject>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;

namespace hawkmoth {

class AppSettings;
class HubTokenPanel;
class LocalServerControl;
class LocalServerPanel;
class RuleListEditor;
class StorageCore;

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // server: the window's REST server, whose state the Server page shows; null where there is
    // none (its settings are edited all the same).
    explicit SettingsDialog(StorageCore &core, LocalServerControl *server = nullptr,
                            QWidget *parent = nullptr);

    HubTokenPanel *tokenPanel() const { return m_token; }
    LocalServerPanel *serverPanel() const { return m_server; }
    RuleListEditor *ruleEditor() const { return m_rules; }
    QTabWidget *tabs() const { return m_tabs; }
    // Everything is read (the settings, the workspace's remote, rules and retention).
    bool isLoaded() const { return m_loading == 0; }
    bool isSaving() const { return m_saving > 0; }

public Q_SLOTS:
    void apply();
    void accept() override;

Q_SIGNALS:
    void loaded();
    // An apply finished: ok when every part was saved; message says what failed.
    void applied(bool ok, const QString &message);

private:
    QWidget *hubPage();
    QWidget *gitPage();
    QWidget *syncPage();
    QWidget *serverPage();
    void load();
    void fill(const AppSettings &settings);
    void loadedOne();
    QJsonObject changes() const;
    void savedOne(const QString &error);
    void storeGitLogin();

    StorageCore &m_core;
    std::optional<Workspace> m_workspace;
    QJsonObject m_stored; // the values shown when loaded, to save only what changed
    QString m_storedRemote;
    int m_storedRetention = 0;
    int m_loading = 0;
    int m_saving = 0;
    QStringList m_errors;
    bool m_closeAfterSave = false;

    QTabWidget *m_tabs;
    HubTokenPanel *m_token;
    QLineEdit *m_endpoint;
    QLineEdit *m_namespace;
    QCheckBox *m_private;
    QLineEdit *m_remote;
    QLineEdit *m_gitHost;
    QLineEdit *m_gitUser;
    QLineEdit *m_gitToken;
    QLabel *m_gitStatus;
    QLineEdit *m_authorName;
    QLineEdit *m_authorEmail;
    QCheckBox *m_autoSync;
    QSpinBox *m_delay;
    QCheckBox *m_autoPush;
    QSpinBox *m_retention;
    LocalServerPanel *m_server;
    RuleListEditor *m_rules;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

} // namespace hawkmoth

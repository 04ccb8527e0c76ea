#include "SettingsDialog.h"

#include "FutureGuard.h"
#include "HubTokenPanel.h"
#include "LocalServerPanel.h"
#include "RuleListEditor.h"
#include "StorageCore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace hawkmoth {

namespace {

const QString defaultEndpoint = QStringLiteral("https://huggingface.co");

// An empty text field means "the default": the key is removed rather than set to "".
QJsonValue textValue(const QLineEdit *edit)
{
    const QString text = edit->text().trimmed();
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

SettingsDialog::SettingsDialog(StorageCore &core, LocalServerControl *server, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_tabs(new QTabWidget(this))
    , m_token(new HubTokenPanel(core, this))
    , m_endpoint(new QLineEdit(this))
    , m_namespace(new QLineEdit(this))
    , m_private(new QCheckBox(tr("New datasets are &private"), this))
    , m_remote(new QLineEdit(this))
    , m_gitHost(new QLineEdit(this))
    , m_gitUser(new QLineEdit(this))
    , m_gitToken(new QLineEdit(this))
    , m_gitStatus(new QLabel(this))
    , m_authorName(new QLineEdit(this))
    , m_authorEmail(new QLineEdit(this))
    , m_autoSync(new QCheckBox(tr("Sync &automatically after changes"), this))
    , m_delay(new QSpinBox(this))
    , m_autoPush(new QCheckBox(tr("&Push commits to the git remote"), this))
    , m_retention(new QSpinBox(this))
    , m_server(new LocalServerPanel(server, this))
    , m_rules(new RuleListEditor(core, this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(
          QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Settings"));
    m_tabs->tabBar()->setAccessibleName(tr("Settings sections"));
    m_tabs->addTab(hubPage(), tr("&Hub"));
    m_tabs->addTab(gitPage(), tr("&Git"));
    m_tabs->addTab(syncPage(), tr("&Sync"));
    m_tabs->addTab(serverPage(), tr("Ser&ver"));
    m_tabs->addTab(m_rules, tr("Layer &Rules"));
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Settings status"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);
    resize(720, 520);
    load();
}

QWidget *SettingsDialog::hubPage()
{
    auto *page = new QWidget(this);
    auto *token = new QGroupBox(tr("Token"), page);
    auto *tokenLayout = new QVBoxLayout(token);
    tokenLayout->addWidget(m_token);
    m_endpoint->setPlaceholderText(defaultEndpoint);
    m_endpoint->setAccessibleName(tr("Hub endpoint"));
    m_namespace->setPlaceholderText(tr("your user name"));
    m_namespace->setAccessibleName(tr("Hub namespace"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Endpoint:"), m_endpoint);
    if (qEnvironmentVariableIsSet("HF_ENDPOINT"))
        form->addRow(QString(), new QLabel(tr("HF_ENDPOINT is set and takes precedence."), page));
    form->addRow(tr("&Namespace:"), m_namespace);
    form->addRow(QString(), m_private);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(token);
    layout->addLayout(form);
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::gitPage()
{
    auto *page = new QWidget(this);
    m_remote->setPlaceholderText(tr("https://host/owner/project.git, ssh://… or a local path"));
    m_remote->setAccessibleName(tr("Git remote of the workspace"));
    m_gitHost->setPlaceholderText(tr("https://host (the remote's, if empty)"));
    m_gitHost->setAccessibleName(tr("Git host"));
    m_gitUser->setPlaceholderText(tr("user name at the host"));
    m_gitUser->setAccessibleName(tr("Git user name"));
    m_gitToken->setEchoMode(QLineEdit::Password);
    m_gitToken->setContextMenuPolicy(Qt::NoContextMenu);
    m_gitToken->setPlaceholderText(tr("access token; kept in the system keychain"));
    m_gitToken->setAccessibleName(tr("Git token"));
    m_gitStatus->setWordWrap(true);
    m_authorName->setPlaceholderText(tr("from your git configuration"));
    m_authorName->setAccessibleName(tr("Commit author name"));
    m_authorEmail->setPlaceholderText(tr("from your git configuration"));
    m_authorEmail->setAccessibleName(tr("Commit author email"));
    auto *store = new QPushButton(tr("Store in &Keychain"), page);
    connect(store, &QPushButton::clicked, this, &SettingsDialog::storeGitLogin);

    auto *remote = new QFormLayout;
    remote->addRow(tr("&Remote:"), m_remote);
    auto *credentials = new QGroupBox(tr("Credentials for https remotes"), page);
    auto *credentialForm = new QFormLayout(credentials);
    credentialForm->addRow(tr("&Host:"), m_gitHost);
    credentialForm->addRow(tr("&User:"), m_gitUser);
    credentialForm->addRow(tr("&Token:"), m_gitToken);
    credentialForm->addRow(QString(), store);
    credentialForm->addRow(m_gitStatus);
    auto *author = new QGroupBox(tr("Commit author"), page);
    auto *authorForm = new QFormLayout(author);
    authorForm->addRow(tr("Na&me:"), m_authorName);
    authorForm->addRow(tr("E&mail:"), m_authorEmail);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(remote);
    layout->addWidget(credentials);
    layout->addWidget(author);
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::syncPage()
{
    auto *page = new QWidget(this);
    m_delay->setRange(0, 24 * 3600);
    m_delay->setSuffix(tr(" s"));
    m_delay->setAccessibleName(tr("Quiet period before an automatic sync"));
    m_retention->setRange(1, 3650);
    m_retention->setSuffix(tr(" days"));
    m_retention->setAccessibleName(tr("Days session files are kept"));
    connect(m_autoSync, &QCheckBox::toggled, m_delay, &QWidget::setEnabled);
    auto *form = new QFormLayout(page);
    form->addRow(QString(), m_autoSync);
    form->addRow(tr("After a &quiet period of:"), m_delay);
    form->addRow(QString(), m_autoPush);
    form->addRow(tr("Keep unchanged &session files:"), m_retention);
    auto *note = new QLabel(tr("Session files are scratch files that never leave this machine; "
                               "cleanup removes those unchanged for longer. The period is the "
                               "current workspace's."),
                            page);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(note);
    return page;
}

QWidget *SettingsDialog::serverPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_server);
    layout->addStretch();
    return page;
}

void SettingsDialog::load()
{
    m_loading = 2;
    setEnabled(false);
    onResult(m_core.settings().read(), this, [this](const Result<AppSettings> &settings) {
        if (settings)
            fill(*settings);
        else
            m_status->setText(settings.error().message);
        loadedOne();
    });
    onResult(m_core.workspaces().current(), this, [this](const Result<Workspace> &ws) {
        if (!ws) {
            m_status->setText(ws.error().message);
            loadedOne();
            return;
        }
        m_workspace = *ws;
        m_rules->load(*ws);
        m_tabs->setTabText(m_tabs->indexOf(m_rules), tr("Layer &Rules (%1)").arg(ws->name()));
        m_loading += 2;
        onResult(m_core.git().remote(*ws), this, [this](const Result<QString> &url) {
            m_storedRemote = url ? *url : QString();
            m_remote->setText(m_storedRemote);
            loadedOne();
        });
        onResult(m_core.rules().retentionDays(*ws), this, [this](const Result<int> &days) {
            m_storedRetention = days ? *days : 7;
            m_retention->setValue(m_storedRetention);
            loadedOne();
        });
        loadedOne();
    });
}

void SettingsDialog::loadedOne()
{
    if (--m_loading > 0)
        return;
    setEnabled(true);
    Q_EMIT loaded();
}

void SettingsDialog::fill(const AppSettings &settings)
{
    m_endpoint->setText(settings.value(QStringLiteral("hubEndpoint")).toString());
    m_namespace->setText(settings.value(QStringLiteral("hubNamespace")).toString());
    m_private->setChecked(settings.value(QStringLiteral("hubPrivate")).toBool(true));
    m_authorName->setText(settings.value(QStringLiteral("gitAuthorName")).toString());
    m_authorEmail->setText(settings.value(QStringLiteral("gitAuthorEmail")).toString());
    m_autoSync->setChecked(settings.autoSync());
    m_delay->setValue(settings.autoSyncDelaySeconds());
    m_delay->setEnabled(settings.autoSync());
    m_autoPush->setChecked(settings.value(QStringLiteral("autoPush")).toBool(true));
    m_server->fill(settings);
    m_stored = changes();
}

QJsonObject SettingsDialog::changes() const
{
    QJsonObject values{{QStringLiteral("hubEndpoint"), textValue(m_endpoint)},
                       {QStringLiteral("hubNamespace"), textValue(m_namespace)},
                       {QStringLiteral("hubPrivate"), m_private->isChecked()},
                       {QStringLiteral("gitAuthorName"), textValue(m_authorName)},
                       {QStringLiteral("gitAuthorEmail"), textValue(m_authorEmail)},
                       {QStringLiteral("autoSync"), m_autoSync->isChecked()},
                       {QStringLiteral("autoSyncDelaySeconds"), m_delay->value()},
                       {QStringLiteral("autoPush"), m_autoPush->isChecked()}};
    const QJsonObject server = m_server->values();
    for (auto it = server.begin(); it != server.end(); ++it)
        values.insert(it.key(), it.value());
    return values;
}

void SettingsDialog::apply()
{
    if (!isLoaded() || isSaving())
        return;
    m_errors.clear();
    QJsonObject changed;
    const QJsonObject now = changes();
    for (auto it = now.begin(); it != now.end(); ++it) {
        if (m_stored.value(it.key()) != it.value())
            changed.insert(it.key(), it.value());
    }
    m_saving = 1; // released below, once every part has been started
    m_buttons->setEnabled(false);
    m_status->setText(tr("Saving…"));
    if (!changed.isEmpty()) {
        ++m_saving;
        onResult(m_core.settings().write(changed), this,
                 [this, now](const Result<AppSettings> &saved) {
                     if (saved) {
                         m_stored = now;
                         m_token->refresh(); // the endpoint may have changed
                     }
                     savedOne(saved ? QString() : saved.error().message);
                 });
    }
    if (m_workspace && m_remote->text().trimmed() != m_storedRemote &&
        !m_remote->text().trimmed().isEmpty()) {
        ++m_saving;
        const QString url = m_remote->text().trimmed();
        onResult(m_core.git().setRemote(*m_workspace, url), this,
                 [this, url](const Result<QString> &r) {
                     if (r)
                         m_storedRemote = url;
                     savedOne(r ? QString() : r.error().message);
                 });
    }
    if (m_workspace && m_retention->value() != m_storedRetention) {
        ++m_saving;
        const int days = m_retention->value();
        onResult(m_core.rules().setRetentionDays(*m_workspace, days), this,
                 [this, days](const Status &s) {
                     if (s)
                         m_storedRetention = days;
                     savedOne(s ? QString() : s.error().message);
                 });
    }
    if (m_workspace && m_rules->isModified()) {
        ++m_saving;
        onResult(m_core.rules().replace(*m_workspace, m_rules->rules()), this,
                 [this](const Result<RuleChange> &change) {
                     if (change)
                         m_rules->markSaved(change->rules);
                     savedOne(change ? QString() : change.error().message);
                 });
    }
    savedOne(QString());
}

void SettingsDialog::savedOne(const QString &error)
{
    if (!error.isEmpty())
        m_errors.append(error);
    if (--m_saving > 0)
        return;
    m_buttons->setEnabled(true);
    const bool ok = m_errors.isEmpty();
    const QString message = ok ? tr("Saved.") : m_errors.join(QLatin1Char('\n'));
    m_status->setText(message);
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #c62828"));
    Q_EMIT applied(ok, message);
    if (ok && m_closeAfterSave)
        QDialog::accept();
    m_closeAfterSave = false;
}

void SettingsDialog::accept()
{
    m_closeAfterSave = true;
    apply();
}

void SettingsDialog::storeGitLogin()
{
    QString host = m_gitHost->text().trimmed();
    if (host.isEmpty())
        host = m_remote->text().trimmed();
    if (host.isEmpty() || m_gitToken->text().isEmpty()) {
        m_gitStatus->setText(tr("Give the host (or set the remote) and a token."));
        return;
    }
    m_gitStatus->setText(tr("Storing…"));
    onResult(m_core.git().login(host, m_gitUser->text().trimmed(), m_gitToken->text()), this,
             [this](const Result<QString> &key) {
                 if (!key) {
                     m_gitStatus->setText(key.error().message);
                     return;
                 }
                 m_gitToken->clear();
                 m_gitStatus->setText(tr("Stored in the system keychain."));
             });
}

} // namespace hawkmoth

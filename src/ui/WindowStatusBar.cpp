#include "WindowStatusBar.h"

#include "LocalServerControl.h"
#include "StatusSummary.h"

#include <QLabel>
#include <QStatusBar>

namespace hawkmoth {

namespace {

QLabel *permanentLabel(QStatusBar &bar, const QString &accessibleName)
{
    auto *label = new QLabel(&bar);
    label->setAccessibleName(accessibleName);
    label->setContentsMargins(6, 0, 6, 0);
    bar.addPermanentWidget(label);
    return label;
}

} // namespace

WindowStatusBar::WindowStatusBar(StatusSummary &summary, QStatusBar &bar, QObject *parent)
    : QObject(parent)
    , m_summary(summary)
    , m_bar(bar)
    , m_error(new QLabel(&bar))
    , m_workspace(permanentLabel(bar, tr("Workspace")))
    , m_sync(permanentLabel(bar, tr("Sync state")))
    , m_online(permanentLabel(bar, tr("Connection")))
    , m_token(permanentLabel(bar, tr("Hub token")))
{
    m_error->setAccessibleName(tr("Last error"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bar.addWidget(m_error, 1);
    connect(&m_summary, &StatusSummary::changed, this, &WindowStatusBar::update);
    update();
}

void WindowStatusBar::showError(const QString &message)
{
    m_error->setStyleSheet(QStringLiteral("color: palette(bright-text); background: #b3261e;"
                                          "border-radius: 3px; padding: 0 4px;"));
    m_error->setText(message);
    m_error->setToolTip(message);
}

void WindowStatusBar::showMessage(const QString &message)
{
    m_bar.showMessage(message, 5000);
}

void WindowStatusBar::followServer(LocalServerControl &server)
{
    if (!m_server)
        m_server = permanentLabel(m_bar, tr("REST API"));
    connect(&server, &LocalServerControl::stateChanged, this,
            [this, &server] { showServer(server); });
    showServer(server);
}

void WindowStatusBar::showServer(const LocalServerControl &server)
{
    const LocalServerState state = server.state();
    m_server->setVisible(state.phase != LocalServerState::Phase::Off);
    m_server->setToolTip(state.text());
    if (state.phase == LocalServerState::Phase::Failed) {
        m_server->setText(tr("REST API: not running"));
        showError(tr("REST API: %1").arg(state.error));
        return;
    }
    m_server->setText(
        tr("REST API: %1")
            .arg(state.phase == LocalServerState::Phase::Listening ? state.url() : state.text()));
}

void WindowStatusBar::update()
{
    m_workspace->setText(m_summary.workspaceName().isEmpty()
                             ? tr("No workspace")
                             : tr("Workspace: %1").arg(m_summary.workspaceName()));
    m_sync->setText(m_summary.syncText());
    m_online->setText(m_summary.connectivityText());
    m_token->setText(m_summary.tokenText());
    if (!m_summary.lastError().isEmpty())
        showError(m_summary.lastError());
}

} // namespace hawkmoth

#include "LocalServerPanel.h"

#include "AppSettings.h"
#include "FutureGuard.h"
#include "LocalServerControl.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace hawkmoth {

LocalServerPanel::LocalServerPanel(LocalServerControl *server, QWidget *parent)
    : QGroupBox(tr("Local REST API"), parent)
    , m_server(server)
    , m_enabled(new QCheckBox(tr("Serve the REST API &on 127.0.0.1"), this))
    , m_port(new QSpinBox(this))
    , m_state(new QLabel(this))
    , m_copy(new QPushButton(tr("&Copy Token"), this))
    , m_copied(new QLabel(this))
{
    m_enabled->setAccessibleName(tr("Serve the REST API on 127.0.0.1"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setAccessibleName(tr("REST API port"));
    m_port->setValue(AppSettings::defaultRestServerPort);
    m_state->setAccessibleName(tr("REST API status"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copy->setAccessibleName(tr("Copy the REST API token"));
    m_copy->setToolTip(tr("Copy the bearer token requests must send to the clipboard"));
    m_copied->setAccessibleName(tr("Token copy result"));
    m_copied->setWordWrap(true);
    auto *note = new QLabel(tr("Programs on this machine send the token as \"Authorization: "
                               "Bearer <token>\". The server runs while the window is open; "
                               "\"hawkmoth serve\" runs the same API without it."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copy);
    copyRow->addWidget(m_copied, 1);
    auto *form = new QFormLayout(this);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("Status:"), m_state);
    form->addRow(QString(), copyRow);
    form->addRow(note);

    connect(m_copy, &QPushButton::clicked, this, &LocalServerPanel::copyToken);
    if (m_server)
        connect(m_server, &LocalServerControl::stateChanged, this, &LocalServerPanel::showState);
    m_copy->setEnabled(m_server != nullptr);
    showState();
}

void LocalServerPanel::fill(const AppSettings &settings)
{
    m_enabled->setChecked(settings.restServer());
    m_port->setValue(settings.restServerPort());
}

QJsonObject LocalServerPanel::values() const
{
    return {{QStringLiteral("restServer"), m_enabled->isChecked()},
            {QStringLiteral("restServerPort"), m_port->value()}};
}

void LocalServerPanel::showState()
{
    if (!m_server) {
        m_state->setText(tr("Served by the HAWKMOTH window while it is open."));
        return;
    }
    const LocalServerState state = m_server->state();
    m_state->setText(state.text());
    m_state->setStyleSheet(state.phase == LocalServerState::Phase::Failed
                               ? QStringLiteral("color: #c62828")
                               : QString());
}

void LocalServerPanel::copyToken()
{
    if (!m_server)
        return;
    m_copy->setEnabled(false);
    onResult(m_server->token(), this, [this](const Result<QByteArray> &token) {
        m_copy->setEnabled(true);
        if (!token) {
            m_copied->setText(token.error().message);
            Q_EMIT tokenCopied(false, token.error().message);
            return;
        }
        QGuiApplication::clipboard()->setText(QString::fromLatin1(*token));
        // Its last characters only, to tell two tokens apart.
        const QString message = tr("Copied the token (…%1) to the clipboard.")
                                    .arg(QString::fromLatin1(token->right(4)));
        m_copied->setText(message);
        Q_EMIT tokenCopied(true, message);
    });
}

} // namespace hawkmoth

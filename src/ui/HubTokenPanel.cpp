#include "HubTokenPanel.h"

#include "FutureGuard.h"
#include "StorageCore.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace hawkmoth {

HubTokenPanel::HubTokenPanel(StorageCore &core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_token(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("&Save Token"), this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
{
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Paste a new token (hf_…) to replace the stored one"));
    m_token->setAccessibleName(tr("New Hub token"));
    // The field must never leak what is pasted into it: no undo history, no drag out, no copy.
    m_token->setAttribute(Qt::WA_InputMethodEnabled, false);
    m_token->setContextMenuPolicy(Qt::NoContextMenu);
    m_hint->setAccessibleName(tr("Stored token"));
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Token check"));
    m_save->setToolTip(tr("Check the token with the Hub and keep it in the system keychain"));
    m_test->setToolTip(tr("Ask the Hub who the token belongs to"));
    m_remove->setToolTip(tr("Remove the token from the keychain"));

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_hint, 0, 0, 1, 4);
    grid->addWidget(m_token, 1, 0);
    grid->addWidget(m_save, 1, 1);
    grid->addWidget(m_test, 1, 2);
    grid->addWidget(m_remove, 1, 3);
    grid->addWidget(m_status, 2, 0, 1, 4);
    grid->setColumnStretch(0, 1);

    connect(m_save, &QPushButton::clicked, this, &HubTokenPanel::saveToken);
    connect(m_test, &QPushButton::clicked, this, &HubTokenPanel::testToken);
    connect(m_remove, &QPushButton::clicked, this, &HubTokenPanel::removeToken);
    connect(m_token, &QLineEdit::returnPressed, this, &HubTokenPanel::saveToken);
    connect(m_token, &QLineEdit::textChanged, this,
            [this](const QString &t) { m_save->setEnabled(!t.trimmed().isEmpty()); });
    m_save->setEnabled(false);
    refresh();
}

void HubTokenPanel::busy(bool on)
{
    m_save->setEnabled(!on && !m_token->text().trimmed().isEmpty());
    m_test->setEnabled(!on);
    m_remove->setEnabled(!on);
    m_token->setEnabled(!on);
}

void HubTokenPanel::say(bool ok, const QString &message)
{
    m_status->setText(message);
    m_status->setStyleSheet(ok ? QString() : QStringLiteral("color: #c62828"));
    Q_EMIT answered(ok, message);
}

void HubTokenPanel::refresh()
{
    m_hint->setText(tr("Stored token: reading…"));
    onResult(m_core.hub().tokenInfo(), this, [this](const Result<hub::TokenInfo> &info) {
        if (!info) {
            m_hint->setText(tr("Stored token: unknown (%1)").arg(info.error().message));
            return;
        }
        if (info->source.isEmpty()) {
            m_hint->setText(tr("No token for %1 yet.").arg(info->endpoint.toString()));
            return;
        }
        m_hint->setText(tr("Token %1 for %2, from the %3.")
                            .arg(info->hint, info->endpoint.toString(), info->source));
    });
}

void HubTokenPanel::saveToken()
{
    const QString token = m_token->text().trimmed();
    if (token.isEmpty())
        return;
    busy(true);
    m_status->setText(tr("Checking the token with the Hub…"));
    onResult(m_core.hub().login(token, std::nullopt), this, [this](const Result<hub::Login> &done) {
        busy(false);
        if (!done) {
            say(false, done.error().message);
            return;
        }
        m_token->clear();
        say(true, tr("Saved in the system keychain: the token belongs to %1.").arg(done->user));
        refresh();
    });
}

void HubTokenPanel::testToken()
{
    busy(true);
    m_status->setText(tr("Asking the Hub…"));
    onResult(m_core.hub().whoami(m_token->text()), this, [this](const Result<QString> &user) {
        busy(false);
        if (!user) {
            say(false, user.error().message);
            return;
        }
        say(true, tr("The Hub knows this token: it belongs to %1.").arg(*user));
    });
}

void HubTokenPanel::removeToken()
{
    busy(true);
    onResult(m_core.hub().logout(), this, [this](const Result<hub::Logout> &done) {
        busy(false);
        if (!done) {
            say(false, done.error().message);
            return;
        }
        say(true, done->environmentTokenSet
                      ? tr("Removed from the keychain; HF_TOKEN still gives a token.")
                      : tr("Removed from the keychain."));
        refresh();
    });
}

} // namespace hawkmoth

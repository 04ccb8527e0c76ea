#pragma once
// The Hub token on the settings page: a field to paste a new token (checked with the Hub, then
// kept in the system keychain and cleared from the field), the stored token shown only as a masked
// hint with where it comes from, a Test button that asks the Hub who the token belongs to, and
// Remove. The token itself is never shown, logged or kept anywhere but the keychain.

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace hawkmoth {

class StorageCore;

class HubTokenPanel : public QWidget
{
    Q_OBJECT

public:
    explicit HubTokenPanel(StorageCore &core, QWidget *parent = nullptr);

    QLineEdit *tokenEdit() const { return m_token; }
    QLabel *hintLabel() const { return m_hint; }
    QLabel *statusLabel() const { return m_status; }

public Q_SLOTS:
    // Reads where the token comes from (after the endpoint changed, say).
    void refresh();
    void saveToken();
    void testToken();
    void removeToken();

Q_SIGNALS:
    // Each finished action: ok, and what it said (never the token).
    void answered(bool ok, const QString &message);

private:
    void busy(bool on);
    void say(bool ok, const QString &message);

    StorageCore &m_core;
    QLineEdit *m_token;
    QLabel *m_hint;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_test;
    QPushButton *m_remove;
};

} // namespace hawkmoth

#pragma once
// The window's local REST API in the settings: serve it or not, on which port, what the server
// is doing now (listening on its URL, off, or why it could not start), and a button that copies
// the bearer token to the clipboard without ever showing it. The dialog saves the two settings;
// the server follows them (LocalServerControl).

#include <QGroupBox>
#include <QJsonObject>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace hawkmoth {

class AppSettings;
class LocalServerControl;

class LocalServerPanel : public QGroupBox
{
    Q_OBJECT

public:
    // server: the window's; null where there is none (the settings are still edited and saved).
    explicit LocalServerPanel(LocalServerControl *server, QWidget *parent = nullptr);

    void fill(const AppSettings &settings);
    // "restServer" and "restServerPort" as shown.
    QJsonObject values() const;

    QCheckBox *enabledBox() const { return m_enabled; }
    QSpinBox *portBox() const { return m_port; }
    QLabel *stateLabel() const { return m_state; }
    QPushButton *copyButton() const { return m_copy; }
    QLabel *copyLabel() const { return m_copied; }

public Q_SLOTS:
    void copyToken();

Q_SIGNALS:
    // A copy finished: ok, and what it said (never the token).
    void tokenCopied(bool ok, const QString &message);

private:
    void showState();

    LocalServerControl *m_server;
    QCheckBox *m_enabled;
    QSpinBox *m_port;
    QLabel *m_state;
    QPushButton *m_copy;
    QLabel *m_copied;
};

} // namespace hawkmoth

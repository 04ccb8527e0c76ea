#pragma once
// The window's status bar: the workspace, its sync state, online or offline, the Hub token's
// state, the local REST server's state when it is on, and the last error, kept from a
// StatusSummary; transient messages go to its left side.

#include <QObject>

class QLabel;
class QStatusBar;

namespace hawkmoth {

class LocalServerControl;
class StatusSummary;

class WindowStatusBar : public QObject
{
    Q_OBJECT

public:
    WindowStatusBar(StatusSummary &summary, QStatusBar &bar, QObject *parent = nullptr);

    // An error a widget reported: kept visible until the next one (the summary's own last error
    // is shown the same way).
    void showError(const QString &message);
    void showMessage(const QString &message);
    // Shows the server's state while it is not off; a failed start as an error too.
    void followServer(LocalServerControl &server);

private:
    void update();
    void showServer(const LocalServerControl &server);

    StatusSummary &m_summary;
    QStatusBar &m_bar;
    QLabel *m_error;
    QLabel *m_workspace;
    QLabel *m_sync;
    QLabel *m_online;
    QLabel *m_token;
    QLabel *m_server = nullptr;
};

} // namespace hawkmoth

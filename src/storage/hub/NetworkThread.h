#pragma once
// The one network thread of a process: a QThread and the QNetworkAccessManager that every Hub
// request goes through. The storage core owns it and lends it to operations through
// StorageContext; HubClients post their transfers to it instead of starting threads of their own.
// Keychain jobs run on it too (KeychainHost): QtKeychain wants them all on one thread.

#include "KeychainHost.h"

#include <QMutex>
#include <QObject>
#include <QThread>

class QNetworkAccessManager;

namespace hawkmoth::hub {

class NetworkThread : public KeychainHost
{
public:
    NetworkThread();
    ~NetworkThread() override; // stops the thread: every HubClient lent this one must be gone
    NetworkThread(const NetworkThread &) = delete;
    NetworkThread &operator=(const NetworkThread &) = delete;

    // The thread, started on first use.
    QThread *thread();
    // An object living on the thread: a parent and a context for work posted to it.
    QObject *home();
    QObject *keychainHome() override { return home(); }
    // The manager; only on the network thread (made there on first use, so it lives there).
    QNetworkAccessManager *manager();

private:
    QMutex m_startMutex;
    QThread m_thread;
    QObject *m_home; // moved to m_thread; deleted when the thread finishes
    QNetworkAccessManager *m_manager = nullptr; // a child of m_home
};

} // namespace hawkmoth::hub

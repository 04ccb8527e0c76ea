#include "NetworkThread.h"

#include <QNetworkAccessManager>

namespace hawkmoth::hub {

NetworkThread::NetworkThread()
    : m_home(new QObject)
{
    m_thread.setObjectName(QStringLiteral("hawkmoth-network"));
    m_home->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_home, &QObject::deleteLater);
}

NetworkThread::~NetworkThread()
{
    if (m_thread.isRunning()) {
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_home; // never started: nothing ran on it
    }
}

QThread *NetworkThread::thread()
{
    QMutexLocker lock(&m_startMutex);
    if (!m_thread.isRunning())
        m_thread.start();
    return &m_thread;
}

QObject *NetworkThread::home()
{
    thread();
    return m_home;
}

QNetworkAccessManager *NetworkThread::manager()
{
    Q_ASSERT(QThread::currentThread() == &m_thread);
    if (!m_manager) {
        m_manager = new QNetworkAccessManager(m_home);
        m_manager->setAutoDeleteReplies(false);
    }
    return m_manager;
}

} // namespace hawkmoth::hub

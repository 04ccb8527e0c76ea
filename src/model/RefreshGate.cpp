#include "RefreshGate.h"

namespace hawkmoth {

RefreshGate::RefreshGate(int minIntervalMs, std::function<void()> start, QObject *parent)
    : QObject(parent)
    , m_minIntervalMs(minIntervalMs)
    , m_start(std::move(start))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RefreshGate::fire);
}

void RefreshGate::request()
{
    m_pending = true;
    if (!m_inFlight && !m_timer.isActive())
        schedule(false);
}

void RefreshGate::requestNow()
{
    m_pending = true;
    if (!m_inFlight)
        schedule(true);
}

void RefreshGate::requestAfter(int delayMs)
{
    m_pending = true;
    if (!m_inFlight)
        m_timer.start(delayMs);
}

void RefreshGate::finished()
{
    m_inFlight = false;
    if (m_pending && !m_timer.isActive())
        schedule(false);
}

void RefreshGate::reset()
{
    m_inFlight = false;
}

void RefreshGate::schedule(bool now)
{
    qint64 wait = 0;
    if (!now && m_lastStart.isValid())
        wait = qMax<qint64>(0, m_minIntervalMs - m_lastStart.elapsed());
    m_timer.start(int(wait));
}

void RefreshGate::fire()
{
    if (m_inFlight || !m_pending)
        return;
    m_pending = false;
    m_inFlight = true;
    m_lastStart.restart();
    // The fetch may end at once (nothing to read) and call finished() from here.
    m_start();
}

} // namespace hawkmoth

#include "moc_RefreshGate.cpp"

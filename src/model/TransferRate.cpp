#include "TransferRate.h"

namespace hawkmoth {

TransferRate::TransferRate(QObject *parent)
    : QObject(parent)
{}

void TransferRate::started(const QString &workspace, qint64 id)
{
    // A live report may have come before the queue's notice of the start: keep what it counted.
    const Key key{workspace, id};
    if (!m_seen.contains(key))
        m_seen.insert(key, 0);
}

void TransferRate::progressed(const QString &workspace, qint64 id, qint64 bytesDone)
{
    const Key key{workspace, id};
    const qint64 before = m_seen.value(key, 0);
    // Reports come from two sources (live and persisted); an older one arriving late moved nothing.
    if (bytesDone <= before)
        return;
    m_seen.insert(key, bytesDone);
    const qint64 now = slotOf(m_clock.nowMs());
    m_slots[now] += bytesDone - before;
    dropOld(now);
    Q_EMIT changed();
}

void TransferRate::ended(const QString &workspace, qint64 id)
{
    m_seen.remove({workspace, id});
}

void TransferRate::dropOld(qint64 nowSlot)
{
    const qint64 first = nowSlot - windowMs / slotMs + 1;
    while (!m_slots.isEmpty() && m_slots.firstKey() < first)
        m_slots.erase(m_slots.begin());
}

QList<QPointF> TransferRate::points() const
{
    const qint64 now = slotOf(m_clock.nowMs());
    const qint64 count = windowMs / slotMs;
    QList<QPointF> out;
    out.reserve(count);
    for (qint64 slot = now - count + 1; slot <= now; ++slot) {
        const double secondsAgo = double((slot - now) * slotMs) / 1000.0;
        out.append({secondsAgo, double(m_slots.value(slot)) * 1000.0 / double(slotMs)});
    }
    return out;
}

qint64 TransferRate::windowBytes() const
{
    const qint64 first = slotOf(m_clock.nowMs()) - windowMs / slotMs + 1;
    qint64 sum = 0;
    for (auto it = m_slots.lowerBound(first); it != m_slots.cend(); ++it)
        sum += it.value();
    return sum;
}

double TransferRate::peakRate() const
{
    const qint64 first = slotOf(m_clock.nowMs()) - windowMs / slotMs + 1;
    qint64 peak = 0;
    for (auto it = m_slots.lowerBound(first); it != m_slots.cend(); ++it)
        peak = qMax(peak, it.value());
    return double(peak) * 1000.0 / double(slotMs);
}

} // namespace hawkmoth

#include "moc_TransferRate.cpp"

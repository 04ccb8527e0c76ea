#pragma once
// Bytes moved per second over the last minutes, from job progress reports: each report adds what
// its job moved since the one before to the time slot it arrived in. Time comes from a Clock, so
// tests move it by hand instead of waiting.

#include "Clock.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointF>

namespace hawkmoth {

class TransferRate : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 slotMs = 2000;
    static constexpr qint64 windowMs = 5 * 60 * 1000;

    explicit TransferRate(QObject *parent = nullptr);

    void setClock(const Clock &clock) { m_clock = clock; }
    const Clock &clock() const { return m_clock; }

    // A job (re)starts from zero; its bytes so far count from here.
    void started(const QString &workspace, qint64 id);
    void progressed(const QString &workspace, qint64 id, qint64 bytesDone);
    void ended(const QString &workspace, qint64 id);

    // One point per slot of the window, oldest first: x in seconds before now (<= 0), y in bytes
    // per second.
    QList<QPointF> points() const;
    // Bytes moved within the window, and the fastest slot's rate.
    qint64 windowBytes() const;
    double peakRate() const;

Q_SIGNALS:
    void changed();

private:
    using Key = QPair<QString, qint64>;
    qint64 slotOf(qint64 ms) const { return ms / slotMs; }
    void dropOld(qint64 nowSlot);

    Clock m_clock;
    QHash<Key, qint64> m_seen;    // bytes each running job had reported
    QMap<qint64, qint64> m_slots; // slot -> bytes moved in it
};

} // namespace hawkmoth

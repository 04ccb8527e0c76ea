#include "TransferRateChart.h"

#include "TransferRate.h"

#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>

namespace hawkmoth {

TransferRateChart::TransferRateChart(TransferRate &rate, QWidget *parent)
    : PanelChart(tr("Transfer rate"), parent)
    , m_rate(rate)
    , m_series(new QLineSeries(this))
    , m_time(new QValueAxis(this))
    , m_speed(new QValueAxis(this))
{
    m_series->setName(tr("Uploads and downloads"));
    chart()->addSeries(m_series);
    chart()->legend()->hide();
    m_time->setRange(-double(TransferRate::windowMs) / 60000.0, 0);
    m_time->setTickCount(6);
    m_time->setLabelFormat(QStringLiteral("%.0f min"));
    m_speed->setLabelFormat(QStringLiteral("%.3g"));
    m_speed->setTickCount(3);
    chart()->addAxis(m_time, Qt::AlignBottom);
    chart()->addAxis(m_speed, Qt::AlignLeft);
    m_series->attachAxis(m_time);
    m_series->attachAxis(m_speed);
    restyle();
    m_tick.setInterval(int(TransferRate::slotMs));
    connect(&m_tick, &QTimer::timeout, this, &TransferRateChart::update);
    connect(&rate, &TransferRate::changed, this, &TransferRateChart::update);
    update();
}

void TransferRateChart::restyle()
{
    QPen pen(palette().color(QPalette::Highlight));
    pen.setWidthF(2);
    m_series->setPen(pen);
    for (QAbstractAxis *axis : chart()->axes())
        styleAxis(axis);
}

void TransferRateChart::update()
{
    const double peak = m_rate.peakRate();
    // One unit for the whole window, chosen by its fastest moment.
    static const struct
    {
        double bytes;
        const char *name;
    } units[] = {{1024.0 * 1024.0 * 1024.0, "GB/s"},
                 {1024.0 * 1024.0, "MB/s"},
                 {1024.0, "KB/s"},
                 {1.0, "B/s"}};
    for (const auto &u : units) {
        if (peak >= u.bytes || u.bytes == 1.0) {
            m_unitBytes = u.bytes;
            m_unit = QString::fromLatin1(u.name);
            break;
        }
    }
    QList<QPointF> points = m_rate.points();
    for (QPointF &p : points)
        p = {p.x() / 60.0, p.y() / m_unitBytes};
    m_series->replace(points);
    m_speed->setRange(0, qMax(1.0, peak / m_unitBytes * 1.1));
    m_speed->setTitleText(m_unit);
    // Idle: no timer wakes the process; the window moves on again with the next transfer.
    if (m_rate.windowBytes() > 0) {
        if (!m_tick.isActive())
            m_tick.start();
    } else {
        m_tick.stop();
    }
}

} // namespace hawkmoth

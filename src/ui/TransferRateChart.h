#pragma once
// The stats panel's transfer-rate chart: bytes per second over the last five minutes, fed by a
// TransferRate; the series' points are replaced in place, the chart is never rebuilt.

#include "PanelChart.h"

#include <QTimer>

class QLineSeries;
class QValueAxis;

namespace hawkmoth {

class TransferRate;

class TransferRateChart : public PanelChart
{
    Q_OBJECT

public:
    explicit TransferRateChart(TransferRate &rate, QWidget *parent = nullptr);

    QLineSeries *series() const { return m_series; }
    // The unit the y axis shows ("KB/s"), and how many bytes per second it stands for.
    QString unit() const { return m_unit; }
    double unitBytes() const { return m_unitBytes; }

private:
    void update();
    void restyle() override;

    TransferRate &m_rate;
    QLineSeries *m_series;
    QValueAxis *m_time;
    QValueAxis *m_speed;
    QTimer m_tick; // moves the window on while something was moved in it
    QString m_unit;
    double m_unitBytes = 1;
};

} // namespace hawkmoth

#include "JobQueueChart.h"

#include "StorageStats.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QValueAxis>

namespace hawkmoth {

JobQueueChart::JobQueueChart(QWidget *parent)
    : PanelChart(tr("Job queue"), parent)
    , m_set(new QBarSet(tr("Jobs"), this))
    , m_count(new QValueAxis(this))
{
    *m_set << 0 << 0 << 0 << 0;
    auto *series = new QHorizontalBarSeries(this);
    series->append(m_set);
    series->setBarWidth(0.6);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    chart()->addSeries(series);
    chart()->legend()->hide();
    auto *states = new QBarCategoryAxis(this);
    states->append({tr("failed"), tr("blocked"), tr("running"), tr("queued")});
    m_count->setRange(0, 4);
    m_count->setTickCount(5);
    m_count->setLabelFormat(QStringLiteral("%d"));
    chart()->addAxis(states, Qt::AlignLeft);
    chart()->addAxis(m_count, Qt::AlignBottom);
    series->attachAxis(states);
    series->attachAxis(m_count);
    restyle();
}

void JobQueueChart::restyle()
{
    m_set->setColor(palette().color(QPalette::Highlight));
    m_set->setBorderColor(palette().color(QPalette::Highlight));
    m_set->setLabelColor(palette().color(QPalette::Text));
    for (QAbstractAxis *axis : chart()->axes())
        styleAxis(axis);
}

void JobQueueChart::setCounts(const StorageStats &stats)
{
    const int counts[CategoryCount] = {stats.failedJobs, stats.blockedJobs, stats.runningJobs,
                                       stats.queuedJobs};
    int most = 0;
    for (int i = 0; i < CategoryCount; ++i) {
        m_set->replace(i, counts[i]);
        most = qMax(most, counts[i]);
    }
    // Whole numbers on the axis (a multiple of 4 with 5 ticks), and room for the count's label
    // beside the longest bar.
    const int top = qMax(4, (most + most / 8 + 4) / 4 * 4);
    m_count->setRange(0, top);
}

} // namespace hawkmoth

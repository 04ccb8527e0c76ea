#pragma once
// The stats panel's job-queue chart: how many jobs are queued, running, blocked and failed, one
// bar each with its count on it.

#include "PanelChart.h"

class QBarSet;
class QValueAxis;

namespace hawkmoth {

struct StorageStats;

class JobQueueChart : public PanelChart
{
    Q_OBJECT

public:
    // Bottom to top, as a horizontal bar chart stacks its categories: queued reads first.
    enum Category
    {
        FailedCategory,
        BlockedCategory,
        RunningCategory,
        QueuedCategory,
        CategoryCount
    };

    explicit JobQueueChart(QWidget *parent = nullptr);

    void setCounts(const StorageStats &stats);
    QBarSet *set() const { return m_set; }

private:
    void restyle() override;

    QBarSet *m_set;
    QValueAxis *m_count;
};

} // namespace hawkmoth

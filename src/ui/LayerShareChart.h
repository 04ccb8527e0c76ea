#pragma once
// The stats panel's layer chart: how the workspace's files and bytes split between the git, hub
// and session layers, as two 100 % bars (the exact numbers are in the table beside it).

#include "Layer.h"
#include "PanelChart.h"

#include <QHash>

class QBarSet;
class QHorizontalPercentBarSeries;

namespace hawkmoth {

class LayerShareChart : public PanelChart
{
    Q_OBJECT

public:
    static constexpr int minimumShareHeight = 170;

    explicit LayerShareChart(QWidget *parent = nullptr);

    void setTotals(Layer layer, qint64 files, qint64 bytes);
    QBarSet *set(Layer layer) const { return m_sets.value(layer); }
    static QColor color(Layer layer);

    // Row of the bar sets: files first, then bytes.
    enum Category
    {
        FilesCategory,
        BytesCategory
    };

private:
    void restyle() override;

    QHorizontalPercentBarSeries *m_series;
    QHash<Layer, QBarSet *> m_sets;
};

} // namespace hawkmoth

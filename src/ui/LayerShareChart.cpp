#include "LayerShareChart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalPercentBarSeries>
#include <QValueAxis>

namespace hawkmoth {

LayerShareChart::LayerShareChart(QWidget *parent)
    : PanelChart(tr("Files and size per layer"), parent)
    , m_series(new QHorizontalPercentBarSeries(this))
{
    for (Layer layer : {Layer::Git, Layer::Hub, Layer::Session}) {
        auto *set = new QBarSet(layerName(layer), m_series);
        *set << 0 << 0;
        m_sets.insert(layer, set);
        m_series->append(set);
    }
    m_series->setBarWidth(0.7);
    chart()->addSeries(m_series);
    auto *categories = new QBarCategoryAxis(this);
    categories->append({tr("Files"), tr("Size")});
    auto *share = new QValueAxis(this);
    share->setRange(0, 100);
    share->setTickCount(5);
    share->setLabelFormat(QStringLiteral("%.0f%%"));
    chart()->addAxis(categories, Qt::AlignLeft);
    chart()->addAxis(share, Qt::AlignBottom);
    m_series->attachAxis(categories);
    m_series->attachAxis(share);
    setMinimumHeight(minimumShareHeight);
    restyle();
}

QColor LayerShareChart::color(Layer layer)
{
    switch (layer) {
    case Layer::Git:
        return QColor(0xf0, 0x51, 0x33); // git's orange
    case Layer::Hub:
        return QColor(0xff, 0xb0, 0x00); // the Hub's yellow
    case Layer::Session:
        return QColor(0x7f, 0x8c, 0x8d);
    }
    return {};
}

void LayerShareChart::restyle()
{
    for (auto it = m_sets.cbegin(); it != m_sets.cend(); ++it) {
        it.value()->setColor(color(it.key()));
        it.value()->setBorderColor(palette().color(QPalette::Base));
    }
    for (QAbstractAxis *axis : chart()->axes())
        styleAxis(axis);
}

void LayerShareChart::setTotals(Layer layer, qint64 files, qint64 bytes)
{
    if (QBarSet *s = m_sets.value(layer)) {
        s->replace(FilesCategory, double(files));
        s->replace(BytesCategory, double(bytes));
    }
}

} // namespace hawkmoth

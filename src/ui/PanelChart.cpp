#include "PanelChart.h"

#include <QAbstractAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegend>

namespace hawkmoth {

PanelChart::PanelChart(const QString &title, QWidget *parent)
    : QChartView(new QChart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(title);
    setMinimumHeight(minimumChartHeight);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    QChart *c = chart();
    c->setTitle(title);
    c->setAnimationOptions(QChart::NoAnimation); // live data: an animation per update is noise
    c->setBackgroundRoundness(0);
    c->setMargins(QMargins(2, 2, 2, 2));
    c->layout()->setContentsMargins(0, 0, 0, 0);
    c->legend()->setAlignment(Qt::AlignBottom);
    applyPalette();
}

void PanelChart::applyPalette()
{
    const QPalette &p = palette();
    QChart *c = chart();
    c->setBackgroundBrush(p.base());
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(p.text());
    QFont titleFont = font();
    titleFont.setBold(true);
    c->setTitleFont(titleFont);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    c->legend()->setFont(small);
    c->legend()->setLabelColor(p.color(QPalette::Text));
    setBackgroundBrush(p.base());
    for (QAbstractAxis *axis : c->axes())
        styleAxis(axis);
    restyle();
}

void PanelChart::styleAxis(QAbstractAxis *axis) const
{
    const QPalette &p = palette();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    axis->setLabelsFont(small);
    axis->setLabelsBrush(p.text());
    axis->setTitleBrush(p.text());
    axis->setTitleFont(small);
    axis->setLinePenColor(p.color(QPalette::Mid));
    axis->setGridLineColor(p.color(QPalette::Midlight));
}

void PanelChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyPalette();
}

} // namespace hawkmoth

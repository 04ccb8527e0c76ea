#pragma once
// The common frame of the stats panel's charts: a compact QChart without animations in the
// widget's own palette (light or dark), restyled when the palette changes.

#include <QChartView>

class QAbstractAxis;

namespace hawkmoth {

class PanelChart : public QChartView
{
    Q_OBJECT

public:
    static constexpr int minimumChartHeight = 150;

    explicit PanelChart(const QString &title, QWidget *parent = nullptr);

protected:
    // Styles one axis like the rest (call after attaching it).
    void styleAxis(QAbstractAxis *axis) const;
    // Subclasses restyle their axes and series here; called after every palette change.
    virtual void restyle() {}
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
};

} // namespace hawkmoth

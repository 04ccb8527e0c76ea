#pragma once
// Draws a job's progress as a determinate progress bar with its text ("1.2 MiB / 4.0 MiB · 3/10
// files") inside; a job without a total shows the text alone.

#include <QStyledItemDelegate>

namespace hawkmoth {

class JobProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace hawkmoth

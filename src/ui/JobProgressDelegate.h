#pragma once
// Draws a job's progress as a determinate progress bar with its text ("1.2 MB of 4 MB · 3 of 10
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

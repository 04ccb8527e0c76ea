#pragma once
// The project tree's view: drags start and drops land through the model (mimeData,
// dropMimeData); this only makes every drop a copy, so no file manager deletes what it dropped.

#include <QTreeView>

namespace hawkmoth {

class ProjectTreeView : public QTreeView
{
    Q_OBJECT

public:
    explicit ProjectTreeView(QWidget *parent = nullptr);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
};

} // namespace hawkmoth

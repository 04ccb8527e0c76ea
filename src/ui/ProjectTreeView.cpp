#include "ProjectTreeView.h"

#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QHeaderView>

namespace hawkmoth {

namespace {

void preferCopy(QDropEvent *event)
{
    if (event->possibleActions() & Qt::CopyAction)
        event->setDropAction(Qt::CopyAction);
}

} // namespace

ProjectTreeView::ProjectTreeView(QWidget *parent)
    : QTreeView(parent)
{
    setObjectName(QStringLiteral("projectTreeView"));
    setAccessibleName(tr("Project files"));
    setUniformRowHeights(true); // lets the view skip measuring rows of large folders
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::CopyAction);
    setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    setSortingEnabled(true);
    sortByColumn(0, Qt::AscendingOrder);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setAnimated(false);
    header()->setStretchLastSection(false);
}

void ProjectTreeView::dragEnterEvent(QDragEnterEvent *event)
{
    preferCopy(event);
    QTreeView::dragEnterEvent(event);
}

void ProjectTreeView::dragMoveEvent(QDragMoveEvent *event)
{
    preferCopy(event);
    QTreeView::dragMoveEvent(event);
    // The base accepts the proposed action, which a file manager may have made a move.
    if (event->isAccepted())
        preferCopy(event);
}

void ProjectTreeView::dropEvent(QDropEvent *event)
{
    preferCopy(event);
    QTreeView::dropEvent(event);
    if (event->isAccepted())
        preferCopy(event);
}

} // namespace hawkmoth

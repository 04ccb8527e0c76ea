#include "ProjectTree.h"

#include "AccessibleNames.h"
#include "ActionIcons.h"
#include "FutureGuard.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeProxy.h"
#include "ProjectTreeView.h"
#include "TreeIcons.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTimer>
#include <QVBoxLayout>

namespace hawkmoth {

ProjectTree::ProjectTree(StorageCore &core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_model(new ProjectTreeModel(core, this))
    , m_proxy(new ProjectTreeProxy(this))
    , m_filter(new QLineEdit(this))
    , m_view(new ProjectTreeView(this))
    , m_message(new QLabel(this))
    , m_transfers(new QVBoxLayout)
    , m_search(new QTimer(this))
{
    setObjectName(QStringLiteral("projectTree"));
    m_proxy->setSourceModel(m_model);
    m_filter->setObjectName(QStringLiteral("projectTreeFilter"));
    m_filter->setPlaceholderText(tr("Filter by name (*.py, data)"));
    m_filter->setAccessibleName(tr("Filter project files"));
    enableClearButton(m_filter);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &ProjectTreeProxy::setNameFilter);
    // The rows already listed filter at once; the rest of the workspace is searched in the index
    // once typing pauses, and the folders holding matches are listed and opened.
    m_search->setSingleShot(true);
    m_search->setInterval(searchDelayMs);
    connect(m_filter, &QLineEdit::textChanged, m_search, qOverload<>(&QTimer::start));
    connect(m_search, &QTimer::timeout, this, &ProjectTree::searchWorkspace);
    connect(m_model, &ProjectTreeModel::revealed, this, &ProjectTree::expandTo);
    m_view->setModel(m_proxy);
    QHeaderView *header = m_view->header();
    header->setSectionResizeMode(ProjectTreeModel::NameColumn, QHeaderView::Stretch);
    for (int c = ProjectTreeModel::SizeColumn; c < ProjectTreeModel::ColumnCount; ++c)
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_message->setObjectName(QStringLiteral("projectTreeMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setVisible(false);
    m_transfers->setContentsMargins(0, 0, 0, 0);
    m_transfers->setSpacing(0);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addLayout(m_transfers);
    layout->addWidget(m_message);

    createActions();
    connect(m_view, &QTreeView::customContextMenuRequested, this, &ProjectTree::showContextMenu);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (!index.data(ProjectTreeModel::IsFolderRole).toBool())
            Q_EMIT openRequested(index.data(ProjectTreeModel::PathRole).toString());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ProjectTree::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ProjectTree::updateActions);
    // A state change of the selected row (a conflict resolved) changes what can be done.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ProjectTree::updateActions);
    // A workspace shown (at start, after a switch) can take new files before anything is selected.
    connect(m_model, &QAbstractItemModel::modelReset, this, &ProjectTree::updateActions);
    connect(m_model, &ProjectTreeModel::renameRequested, this,
            [this](const QString &from, const QString &to) {
                moveOne(from, to, tr("Cannot rename '%1'").arg(from));
            });
    connect(m_model, &ProjectTreeModel::moveRequested, this, &ProjectTree::moveFiles);
    connect(m_model, &ProjectTreeModel::importRequested, this, &ProjectTree::importFiles);
    connect(m_model, &ProjectTreeModel::loadFailed, this, [this](const QString &message) {
        report(tr("Cannot list the files"), {ErrorCode::Io, message});
    });
    updateActions();
}

ProjectTree::~ProjectTree() = default;

void ProjectTree::searchWorkspace()
{
    const QString text = m_filter->text().trimmed();
    if (text.isEmpty() || !m_model->workspace().isValid())
        return;
    onResult(m_core.files().findNames(m_model->workspace(), text, searchLimit), this,
             [this, text](const Result<QStringList> &found) {
                 if (text != m_filter->text().trimmed())
                     return; // typed on meanwhile: a newer search follows
                 if (!found) {
                     report(tr("Cannot search the workspace"), found.error());
                     return;
                 }
                 m_model->reveal(*found);
             });
}

void ProjectTree::expandTo(const QString &path)
{
    if (m_filter->text().trimmed().isEmpty())
        return; // the search was cleared while its folders were listed
    // The folders above a match open; a matching folder itself stays closed.
    for (qsizetype slash = path.indexOf(QLatin1Char('/')); slash >= 0;
         slash = path.indexOf(QLatin1Char('/'), slash + 1)) {
        const QModelIndex folder = m_proxy->mapFromSource(m_model->indexOfPath(path.left(slash)));
        if (folder.isValid())
            m_view->expand(folder);
    }
}

void ProjectTree::createActions()
{
    const auto make = [this](const QString &text, const QString &name,
                             const QKeySequence &key = {}) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!key.isEmpty()) {
            action->setShortcut(key);
            // Only while the tree itself has focus: Del and Enter mean other things elsewhere,
            // the inline name editor included.
            action->setShortcutContext(Qt::WidgetShortcut);
        }
        m_view->addAction(action);
        return action;
    };
    m_open = make(tr("&Open"), QStringLiteral("treeOpen"), QKeySequence(Qt::Key_Return));
    m_newFile = make(tr("New &File…"), QStringLiteral("treeNewFile"));
    m_newFile->setIcon(actionIcon(QStringLiteral("new-file")));
    m_newFile->setIconText(tr("New File"));
    // From anywhere in the window, as in every editor; the tree's other keys act in it only.
    m_newFile->setShortcut(QKeySequence::New);
    m_newFile->setShortcutContext(Qt::WindowShortcut);
    m_newFolder = make(tr("New Fol&der…"), QStringLiteral("treeNewFolder"),
                       QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N));
    m_rename = make(tr("&Rename"), QStringLiteral("treeRename"), QKeySequence(Qt::Key_F2));
    m_delete = make(tr("&Delete…"), QStringLiteral("treeDelete"), QKeySequence::Delete);
    m_toGit = make(tr("Move to &git"), QStringLiteral("treeToGit"));
    m_toGit->setIcon(QIcon(TreeIcons::layerIconPath(Layer::Git)));
    m_toHub = make(tr("Move to &hub"), QStringLiteral("treeToHub"));
    m_toHub->setIcon(QIcon(TreeIcons::layerIconPath(Layer::Hub)));
    m_toSession = make(tr("Move to &session (keep local)"), QStringLiteral("treeToSession"));
    m_toSession->setIcon(QIcon(TreeIcons::layerIconPath(Layer::Session)));
    m_unpin = make(tr("&Unpin (let the rules decide)"), QStringLiteral("treeUnpin"));
    m_history = make(tr("Show &History"), QStringLiteral("treeHistory"));
    m_reveal = make(tr("Reveal in File &Manager"), QStringLiteral("treeReveal"));
    m_copyPath = make(tr("&Copy Path"), QStringLiteral("treeCopyPath"));
    m_keepMine = make(tr("Resolve: &Keep Mine"), QStringLiteral("treeKeepMine"));
    m_keepMine->setToolTip(tr("Keep your version and drop the remote one"));
    m_takeTheirs = make(tr("Resolve: &Take Theirs"), QStringLiteral("treeTakeTheirs"));
    m_takeTheirs->setToolTip(tr("Replace your version with the remote one"));
    m_compare = make(tr("Co&mpare With Theirs"), QStringLiteral("treeCompare"));
    m_refresh = make(tr("Re&fresh"), QStringLiteral("treeRefresh"), QKeySequence::Refresh);

    connect(m_open, &QAction::triggered, this, &ProjectTree::openSelected);
    connect(m_newFile, &QAction::triggered, this, &ProjectTree::newFile);
    connect(m_newFolder, &QAction::triggered, this, &ProjectTree::newFolder);
    connect(m_rename, &QAction::triggered, this, &ProjectTree::renameSelected);
    connect(m_delete, &QAction::triggered, this, &ProjectTree::deleteSelected);
    connect(m_toGit, &QAction::triggered, this, [this] { pinSelected(Layer::Git); });
    connect(m_toHub, &QAction::triggered, this, [this] { pinSelected(Layer::Hub); });
    connect(m_toSession, &QAction::triggered, this, [this] { pinSelected(Layer::Session); });
    connect(m_unpin, &QAction::triggered, this, [this] { pinSelected(std::nullopt); });
    connect(m_history, &QAction::triggered, this, [this] {
        const auto s = selection();
        if (s.size() == 1 && !s.first().folder)
            Q_EMIT historyRequested(s.first().path);
    });
    connect(m_reveal, &QAction::triggered, this, &ProjectTree::revealSelected);
    connect(m_copyPath, &QAction::triggered, this, &ProjectTree::copySelectedPath);
    connect(m_keepMine, &QAction::triggered, this,
            [this] { resolveSelected(Resolution::KeepMine); });
    connect(m_takeTheirs, &QAction::triggered, this,
            [this] { resolveSelected(Resolution::TakeTheirs); });
    connect(m_compare, &QAction::triggered, this, &ProjectTree::compareSelected);
    connect(m_refresh, &QAction::triggered, this, [this] { m_model->refresh(); });
}

QList<QAction *> ProjectTree::fileActions() const
{
    return {m_open,     m_newFile,    m_newFolder, m_rename,  m_delete, m_toGit,
            m_toHub,    m_toSession,  m_unpin,     m_history, m_reveal, m_copyPath,
            m_keepMine, m_takeTheirs, m_compare,   m_refresh};
}

QList<ProjectTree::Selected> ProjectTree::selection() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows(0);
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows.append(m_view->currentIndex().siblingAtColumn(0));
    QList<Selected> out;
    for (const QModelIndex &i : std::as_const(rows)) {
        Selected s;
        s.path = i.data(ProjectTreeModel::PathRole).toString();
        s.folder = i.data(ProjectTreeModel::IsFolderRole).toBool();
        if (const QVariant state = i.data(ProjectTreeModel::StateRole); state.isValid())
            s.state = SyncState(state.toInt());
        out.append(s);
    }
    return out;
}

QStringList ProjectTree::selectedPaths() const
{
    QStringList paths;
    for (const Selected &s : selection())
        paths.append(s.path);
    return paths;
}

QString ProjectTree::currentFolder() const
{
    const auto s = selection();
    if (s.isEmpty())
        return {};
    const Selected &first = s.first();
    if (first.folder)
        return first.path;
    const qsizetype slash = first.path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : first.path.left(slash);
}

void ProjectTree::updateActions()
{
    const auto s = selection();
    const bool any = !s.isEmpty();
    const bool one = s.size() == 1;
    const bool oneFile = one && !s.first().folder;
    const bool conflict = oneFile && s.first().state == SyncState::Conflict;
    const bool ws = m_model->workspace().isValid();
    m_open->setEnabled(oneFile);
    m_newFile->setEnabled(ws);
    m_newFolder->setEnabled(ws);
    m_rename->setEnabled(one);
    m_delete->setEnabled(any);
    for (QAction *a : {m_toGit, m_toHub, m_toSession, m_unpin})
        a->setEnabled(any);
    m_history->setEnabled(oneFile);
    m_reveal->setEnabled(one);
    m_copyPath->setEnabled(any);
    m_keepMine->setEnabled(conflict);
    m_takeTheirs->setEnabled(conflict);
    m_compare->setEnabled(conflict);
    m_refresh->setEnabled(ws);
}

void ProjectTree::showContextMenu(const QPoint &pos)
{
    updateActions();
    QMenu menu(this);
    const auto s = selection();
    const bool conflict = s.size() == 1 && s.first().state == SyncState::Conflict;
    if (conflict) {
        menu.addAction(m_keepMine);
        menu.addAction(m_takeTheirs);
        menu.addAction(m_compare);
        menu.addSeparator();
    }
    menu.addAction(m_open);
    menu.addAction(m_newFile);
    menu.addAction(m_newFolder);
    menu.addSeparator();
    menu.addAction(m_rename);
    menu.addAction(m_delete);
    menu.addSeparator();
    QMenu *layers = menu.addMenu(tr("Move to &Layer"));
    layers->addAction(m_toGit);
    layers->addAction(m_toHub);
    layers->addAction(m_toSession);
    layers->addSeparator();
    layers->addAction(m_unpin);
    layers->setEnabled(!s.isEmpty());
    menu.addAction(m_history);
    menu.addSeparator();
    menu.addAction(m_reveal);
    menu.addAction(m_copyPath);
    menu.addAction(m_refresh);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void ProjectTree::report(const QString &what, const Error &error)
{
    if (error.code == ErrorCode::Cancelled)
        return;
    const QString message = what + QStringLiteral(": ") + error.message;
    qWarning("project tree: %s", qPrintable(message));
    showMessage(message, true);
    Q_EMIT errorOccurred(message);
}

void ProjectTree::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: palette(bright-text); "
                                                    "background: #b3261e; padding: 4px;")
                                   : QStringLiteral("padding: 4px;"));
    m_message->setVisible(true);
    // Read, then out of the way; a newer message restarts the clock.
    auto *timer = m_message->findChild<QTimer *>();
    if (!timer) {
        timer = new QTimer(m_message);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, m_message, &QLabel::hide);
    }
    timer->start(error ? 10000 : 4000);
}

} // namespace hawkmoth

// ProjectTree's actions: each asks what it needs without blocking (window-modal dialogs opened
// with open()), then makes one async call of the core and reports a failure as a message.

#include "ProjectTree.h"

#include "FutureGuard.h"
#include "PathParts.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeProxy.h"
#include "ProjectTreeView.h"
#include "TransferBar.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace hawkmoth {

void ProjectTree::openSelected()
{
    for (const Selected &s : selection()) {
        if (!s.folder)
            Q_EMIT openRequested(s.path);
    }
}

void ProjectTree::askName(const QString &title, const QString &label, const QString &initial,
                          std::function<void(const QString &)> done)
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("projectTreeNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    dialog->setLabelText(label);
    dialog->setTextValue(initial);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [done = std::move(done)](const QString &text) {
                if (!text.trimmed().isEmpty())
                    done(text.trimmed());
            });
    dialog->open();
}

void ProjectTree::newFile()
{
    const QString dir = currentFolder();
    const Workspace ws = m_model->workspace();
    askName(tr("New File"),
            dir.isEmpty() ? tr("File name (in the workspace's top folder):")
                          : tr("File name (in %1/):").arg(dir),
            QStringLiteral("untitled.txt"), [this, dir, ws](const QString &name) {
                const QString path = joinPath(dir, name);
                onResult(m_core.files().save(ws, path, {}), this,
                         [this, path](const Result<FileEntry> &r) {
                             if (!r)
                                 report(tr("Cannot create '%1'").arg(path), r.error());
                             else
                                 Q_EMIT openRequested(path);
                         });
            });
}

void ProjectTree::newFolder()
{
    const QString dir = currentFolder();
    const Workspace ws = m_model->workspace();
    askName(tr("New Folder"),
            dir.isEmpty() ? tr("Folder name:") : tr("Folder name (in %1/):").arg(dir),
            tr("new folder"), [this, dir, ws](const QString &name) {
                const QString path = joinPath(dir, name);
                onResult(m_core.files().makeFolder(ws, path), this, [this, path](const Status &r) {
                    if (!r)
                        report(tr("Cannot create folder '%1'").arg(path), r.error());
                    else
                        m_model->addFolder(path);
                });
            });
}

void ProjectTree::renameSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        m_view->edit(current.siblingAtColumn(ProjectTreeModel::NameColumn));
}

void ProjectTree::deleteSelected()
{
    const auto items = selection();
    if (items.isEmpty())
        return;
    QStringList names;
    for (const Selected &s : items)
        names.append(s.folder ? QString(s.path + QLatin1Char('/')) : s.path);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete"),
                                items.size() == 1 ? tr("Delete '%1'?").arg(names.first())
                                                  : tr("Delete these %1 items?").arg(items.size()),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("projectTreeDeleteBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("They are removed from the disk. Versions already committed stay in the git history "
           "and on the Hub."));
    if (items.size() > 1)
        box->setDetailedText(names.join(QLatin1Char('\n')));
    QPushButton *yes = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    const Workspace ws = m_model->workspace();
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, items, ws](QAbstractButton *b) {
        if (b != yes)
            return;
        for (const Selected &s : items) {
            onResult(m_core.files().remove(ws, s.path, s.folder), this,
                     [this, s](const Result<QStringList> &r) {
                         if (!r)
                             report(tr("Cannot delete '%1'").arg(s.path), r.error());
                         else if (s.folder)
                             relistAround(s.path); // an empty folder has no file to announce it
                     });
        }
    });
    box->open();
}

void ProjectTree::pinSelected(std::optional<Layer> layer)
{
    const Workspace ws = m_model->workspace();
    for (const Selected &s : selection()) {
        auto future =
            layer ? m_core.files().pin(ws, s.path, *layer) : m_core.files().unpin(ws, s.path);
        onResult(future, this, [this, s, layer](const Result<PinOutcome> &r) {
            if (!r) {
                report(layer ? tr("Cannot move '%1' to the %2 layer").arg(s.path, layerName(*layer))
                             : tr("Cannot unpin '%1'").arg(s.path),
                       r.error());
                return;
            }
            // The pin itself is in the policy, not the index: the listing shows it.
            relistAround(s.path);
            showMessage(layer ? tr("'%1' is pinned to %2; the move runs in the background.")
                                    .arg(s.path, layerName(*layer))
                              : tr("'%1' follows the rules again.").arg(s.path),
                        false);
        });
    }
}

void ProjectTree::relistAround(const QString &path)
{
    m_model->refresh(m_model->indexOfPath(parentFolder(path)));
}

void ProjectTree::revealSelected()
{
    const auto s = selection();
    if (s.size() != 1)
        return;
    const QString folder = s.first().folder ? s.first().path : parentFolder(s.first().path);
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_model->workspace().absolutePath(folder))))
        report(tr("Cannot open the file manager"),
               Error::notFound(tr("no program is set to open folders")));
}

void ProjectTree::copySelectedPath()
{
    QStringList paths;
    for (const Selected &s : selection())
        paths.append(m_model->workspace().absolutePath(s.path));
    QGuiApplication::clipboard()->setText(paths.join(QLatin1Char('\n')));
}

void ProjectTree::resolveSelected(Resolution resolution)
{
    const auto s = selection();
    if (s.size() != 1 || s.first().state != SyncState::Conflict)
        return;
    const QString path = s.first().path;
    onResult(
        m_core.files().resolveConflict(m_model->workspace(), path, resolution), this,
        [this, path, resolution](const Result<FileEntry> &r) {
            if (!r) {
                report(tr("Cannot resolve '%1'").arg(path), r.error());
                return;
            }
            showMessage(
                resolution == Resolution::KeepMine
                    ? tr("Kept your version of '%1'; the next sync commits the merge.").arg(path)
                    : tr("Took the remote version of '%1'; the next sync commits the "
                         "merge.")
                          .arg(path),
                false);
        });
}

void ProjectTree::compareSelected()
{
    const auto s = selection();
    if (s.size() != 1 || s.first().state != SyncState::Conflict)
        return;
    const QString path = s.first().path;
    onResult(m_core.files().conflictCopy(m_model->workspace(), path), this,
             [this, path](const Result<QString> &r) {
                 if (!r)
                     report(tr("Cannot compare '%1'").arg(path), r.error());
                 else
                     Q_EMIT compareRequested(path, *r);
             });
}

void ProjectTree::moveFiles(const QStringList &paths, const QString &destDir)
{
    for (const QString &path : paths) {
        // Into the root is a move to the bare name; into a folder, the store adds the name.
        const QString target =
            destDir.isEmpty() ? path.mid(path.lastIndexOf(QLatin1Char('/')) + 1) : destDir;
        moveOne(path, target, tr("Cannot move '%1'").arg(path));
    }
}

void ProjectTree::moveOne(const QString &from, const QString &to, const QString &failure)
{
    onResult(m_core.files().move(m_model->workspace(), from, to), this,
             [this, failure](const Result<QString> &r) {
                 // Open editors follow the move from the core's change notifications.
                 if (!r)
                     report(failure, r.error());
             });
}

void ProjectTree::importFiles(const QStringList &sources, const QString &destDir)
{
    const Workspace ws = m_model->workspace();
    if (!ws.isValid() || sources.isEmpty())
        return;
    // What the target folder holds decides whether to ask: one folder's listing, off this thread.
    onResult(
        m_core.files().list(ws, destDir, false), this,
        [this, sources, destDir](const Result<Listing> &listing) {
            QSet<QString> taken;
            QSet<QString> takenFolders;
            if (listing) {
                for (const FileEntry &e : listing->files)
                    taken.insert(e.path.mid(e.path.lastIndexOf(QLatin1Char('/')) + 1));
                for (const FolderEntry &f : listing->folders)
                    takenFolders.insert(f.path.mid(f.path.lastIndexOf(QLatin1Char('/')) + 1));
            }
            QStringList clashes;
            bool folderClash = false;
            for (const QString &source : sources) {
                const QString name = QFileInfo(source).fileName();
                if (taken.contains(name) || takenFolders.contains(name))
                    clashes.append(name);
                folderClash = folderClash || takenFolders.contains(name);
            }
            if (clashes.isEmpty()) {
                startImport(sources, destDir, OnExists::Refuse);
                return;
            }
            auto *box = new QMessageBox(
                QMessageBox::Question, tr("Names Already Taken"),
                clashes.size() == 1
                    ? tr("'%1' already exists in %2.")
                          .arg(clashes.first(), destDir.isEmpty() ? tr("the workspace") : destDir)
                    : tr("%1 of the dropped items already exist in %2.")
                          .arg(clashes.size())
                          .arg(destDir.isEmpty() ? tr("the workspace") : destDir),
                QMessageBox::NoButton, this);
            box->setObjectName(QStringLiteral("projectTreeExistsBox"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            // A folder is one item, as in a file manager; what "replace" does to it is said.
            box->setInformativeText(
                folderClash
                    ? tr("Keep Both: the dropped items get a number, a folder as a whole "
                         "(\"%1\").\n\n"
                         "Replace: a folder is merged, its files replace those of the same "
                         "names and the other files there stay; a file replaces the one of its "
                         "name.\n\n"
                         "Skip: they are left out, a folder with all its files.")
                          .arg(clashes.size() == 1 ? tr("%1 (2)").arg(clashes.first())
                                                   : tr("name (2)"))
                    : tr("Replace them, keep both (the new ones get a number), or skip them?"));
            if (clashes.size() > 1)
                box->setDetailedText(clashes.join(QLatin1Char('\n')));
            QPushButton *replace = box->addButton(tr("Replace"), QMessageBox::DestructiveRole);
            replace->setObjectName(QStringLiteral("replace"));
            QPushButton *keepBoth = box->addButton(tr("Keep Both"), QMessageBox::AcceptRole);
            keepBoth->setObjectName(QStringLiteral("keepBoth"));
            QPushButton *skip = box->addButton(tr("Skip"), QMessageBox::RejectRole);
            skip->setObjectName(QStringLiteral("skip"));
            box->addButton(QMessageBox::Cancel);
            box->setDefaultButton(keepBoth);
            connect(box, &QMessageBox::buttonClicked, this,
                    [this, sources, destDir, replace, keepBoth, skip](QAbstractButton *b) {
                        if (b == replace)
                            startImport(sources, destDir, OnExists::Replace);
                        else if (b == keepBoth)
                            startImport(sources, destDir, OnExists::KeepBoth);
                        else if (b == skip)
                            startImport(sources, destDir, OnExists::Skip);
                    });
            box->open();
        });
}

void ProjectTree::startImport(const QStringList &sources, const QString &destDir, OnExists onExists)
{
    const QString what = sources.size() == 1
                             ? tr("Importing %1").arg(QFileInfo(sources.first()).fileName())
                             : tr("Importing %1 items").arg(sources.size());
    auto *bar = new TransferBar(what, this);
    m_transfers->addWidget(bar);
    onResult(
        m_core.files().import(m_model->workspace(), sources, destDir, onExists, bar->control()),
        this, [this, bar](const Result<ImportReport> &r) {
            bar->deleteLater();
            if (!r) {
                report(tr("Import failed"), r.error());
                Q_EMIT importFinished(0, 0);
                return;
            }
            const ImportReport &rep = *r;
            if (!rep.errors.isEmpty()) {
                QString text = tr("%1 item(s) not imported: %2")
                                   .arg(rep.errors.size())
                                   .arg(rep.errors.first());
                showMessage(text, true);
                Q_EMIT errorOccurred(text);
            } else if (rep.cancelled) {
                showMessage(
                    tr("Import cancelled; %1 file(s) copied before stay.").arg(rep.imported.size()),
                    false);
            } else if (!rep.skipped.isEmpty()) {
                showMessage(tr("Imported %1 file(s); %2 skipped.")
                                .arg(rep.imported.size())
                                .arg(rep.skipped.size()),
                            false);
            }
            Q_EMIT importFinished(int(rep.imported.size()), int(rep.errors.size()));
        });
}

} // namespace hawkmoth

#include "EditorPrompts.h"

#include "AmountText.h"
#include "RecoveryDialog.h"

#include <QInputDialog>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace hawkmoth {

EditorPrompts::ConflictChoice EditorPrompts::saveConflict(QWidget *parent, const QString &path)
{
    QMessageBox box(
        QMessageBox::Warning, QObject::tr("File changed on disk"),
        QObject::tr("“%1” was changed by another program since you opened it.").arg(path),
        QMessageBox::NoButton, parent);
    box.setInformativeText(
        QObject::tr("Overwrite it with your version, or reload theirs and lose your edits?"));
    QPushButton *overwrite = box.addButton(QObject::tr("Overwrite"), QMessageBox::AcceptRole);
    QPushButton *reload = box.addButton(QObject::tr("Reload"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == overwrite)
        return ConflictChoice::Overwrite;
    if (box.clickedButton() == reload)
        return ConflictChoice::Reload;
    return ConflictChoice::Cancel;
}

bool EditorPrompts::reloadChanged(QWidget *parent, const QString &path)
{
    return QMessageBox::question(
               parent, QObject::tr("File changed on disk"),
               QObject::tr("“%1” was changed by another program, and you have unsaved edits.\n\n"
                           "Reload it and lose your edits? (Keep them to decide when you save.)")
                   .arg(path),
               QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
}

bool EditorPrompts::openLarge(QWidget *parent, const QString &path, qint64 size)
{
    return QMessageBox::question(parent, QObject::tr("Large file"),
                                 QObject::tr("“%1” is %2. It opens read-only, and loading it "
                                             "takes a moment and memory. Open it?")
                                     .arg(path, amounttext::bytes(size)),
                                 QMessageBox::Open | QMessageBox::Cancel,
                                 QMessageBox::Open) == QMessageBox::Open;
}

EditorPrompts::UnsavedChoice EditorPrompts::unsaved(QWidget *parent, const QStringList &paths,
                                                    bool canCancel)
{
    QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved changes"),
                    paths.size() == 1
                        ? QObject::tr("“%1” has unsaved changes.").arg(paths.first())
                        : QObject::tr("%n files have unsaved changes.", nullptr, int(paths.size())),
                    QMessageBox::Save | QMessageBox::Discard, parent);
    if (paths.size() > 1)
        box.setDetailedText(paths.join(QLatin1Char('\n')));
    if (canCancel)
        box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return UnsavedChoice::Save;
    case QMessageBox::Discard:
        return UnsavedChoice::Discard;
    default:
        return canCancel ? UnsavedChoice::Cancel : UnsavedChoice::Save;
    }
}

std::optional<int> EditorPrompts::goToLine(QWidget *parent, int current, int lineCount)
{
    bool ok = false;
    const int line = QInputDialog::getInt(parent, QObject::tr("Go to line"),
                                          QObject::tr("Line (1–%1):").arg(lineCount), current, 1,
                                          qMax(1, lineCount), 1, &ok);
    return ok ? std::optional<int>(line) : std::nullopt;
}

QList<JournalEntry> EditorPrompts::recover(QWidget *parent, const QList<JournalEntry> &entries)
{
    RecoveryDialog dialog(entries, parent);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    return dialog.selected();
}

} // namespace hawkmoth

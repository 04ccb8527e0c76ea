#include "RecoveryDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace hawkmoth {

RecoveryDialog::RecoveryDialog(const QList<JournalEntry> &entries, QWidget *parent)
    : QDialog(parent)
    , m_entries(entries)
    , m_list(new QListWidget(this))
    , m_preview(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Recover unsaved edits"));
    auto *intro = new QLabel(tr("HAWKMOTH did not close normally. These files had edits that were "
                                "not saved. Checked files open with the edits restored; the "
                                "others' edits are discarded."),
                             this);
    intro->setWordWrap(true);
    m_list->setAccessibleName(tr("Unsaved files"));
    for (const JournalEntry &entry : entries) {
        auto *item = new QListWidgetItem(
            tr("%1 — %2").arg(
                entry.path, QLocale().toString(entry.recorded.toLocalTime(), QLocale::ShortFormat)),
            m_list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    m_preview->setReadOnly(true);
    m_preview->setAccessibleName(tr("Preview of the unsaved text"));
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        m_preview->setPlainText(row >= 0 ? QString::fromUtf8(m_entries.at(row).content)
                                         : QString());
    });
    m_list->setCurrentRow(0);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_list);
    split->addWidget(m_preview);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(tr("Restore checked"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("Discard all"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    resize(560, 420);
}

QList<JournalEntry> RecoveryDialog::selected() const
{
    QList<JournalEntry> out;
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->checkState() == Qt::Checked)
            out.append(m_entries.at(row));
    }
    return out;
}

} // namespace hawkmoth

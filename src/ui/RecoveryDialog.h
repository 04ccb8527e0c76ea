#pragma once
// Offers back the unsaved buffers a crash or a kill left in the journal: each listed with when it
// was recorded and a preview; the checked ones are restored, the rest discarded.

#include "EditorJournal.h"

#include <QDialog>

class QListWidget;
class QPlainTextEdit;

namespace hawkmoth {

class RecoveryDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RecoveryDialog(const QList<JournalEntry> &entries, QWidget *parent = nullptr);

    QList<JournalEntry> selected() const;

private:
    QList<JournalEntry> m_entries;
    QListWidget *m_list;
    QPlainTextEdit *m_preview;
};

} // namespace hawkmoth

#pragma once
// The jobs panel: the current workspace's queued, running, blocked and failed jobs with their
// progress, error and next attempt, and the user's Cancel, Retry and Unblock of the selected one.

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace hawkmoth {

class JobListModel;
class StorageCore;

class JobsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit JobsPanel(StorageCore &core, QWidget *parent = nullptr);

    JobListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *unblockButton() const { return m_unblock; }
    QCheckBox *showFinishedBox() const { return m_showFinished; }
    // Selects the job's row; false when it is not shown.
    bool selectJob(qint64 id);
    qint64 selectedJob() const; // 0 without a selection

private:
    void updateButtons();
    void updateEmpty();
    void onAction(qint64 id, const QString &action, bool ok, const QString &message);

    JobListModel *m_model;
    QStackedWidget *m_stack;
    QTableView *m_view;
    QLabel *m_empty;
    QPushButton *m_cancel;
    QPushButton *m_retry;
    QPushButton *m_unblock;
    QCheckBox *m_showFinished;
    QLabel *m_message;
};

} // namespace hawkmoth

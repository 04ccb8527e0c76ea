#pragma once
// The main window. For now: the current workspace's files with layer, state and size, loaded
// off the GUI thread and refreshed when the storage core reports changes.

#include <QMainWindow>

class QLabel;
class QTableView;

namespace hawkmoth {

class FileListModel;
class JobScheduler;
class StorageCore;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(StorageCore &core, JobScheduler &scheduler, QWidget *parent = nullptr);

    // Loads the current workspace's files; the window shows "Loading…" until they arrive.
    void refresh();

private:
    StorageCore &m_core;
    FileListModel *m_model;
    QTableView *m_view;
    QLabel *m_status;
    QLabel *m_jobs;
    QString m_workspace;
};

} // namespace hawkmoth

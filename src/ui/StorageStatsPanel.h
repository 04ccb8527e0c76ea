#pragma once
// The storage-stats panel: charts of the files and bytes per layer, the job queue and the
// transfer rate, a table of the exact numbers, the git and hub layers' status and a Cleanup
// button. Everything is read off the GUI thread by a StorageStatus and updates while jobs run.

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace hawkmoth {

class JobQueueChart;
class LayerShareChart;
class StatusForm;
class StorageCore;
class StorageStatsModel;
class StorageStatus;
class TransferRateChart;

class StorageStatsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit StorageStatsPanel(StorageCore &core, QWidget *parent = nullptr);

    // Asks before cleaning up (a message box unless replaced, as tests do); gets the question.
    void setConfirmation(std::function<bool(const QString &question)> confirm);

    StorageStatus &status() const { return *m_status; }
    StorageStatsModel *statsModel() const { return m_model; }
    // The charts exist from the first numbers on (null before).
    LayerShareChart *layerChart() const { return m_layers; }
    JobQueueChart *jobChart() const { return m_jobs; }
    TransferRateChart *rateChart() const { return m_rate; }
    StatusForm *gitForm() const { return m_git; }
    StatusForm *hubForm() const { return m_hub; }
    QPushButton *cleanupButton() const { return m_cleanup; }
    QLabel *cleanupResult() const { return m_cleanupResult; }

Q_SIGNALS:
    void cleanupFinished(bool ok, const QString &message);

private:
    void buildCharts();
    void showStats();
    void showGit();
    void showHub();
    void cleanup();

    StorageCore &m_core;
    StorageStatus *m_status;
    StorageStatsModel *m_model;
    QLabel *m_title;
    QWidget *m_charts;
    LayerShareChart *m_layers = nullptr;
    QTableView *m_table;
    JobQueueChart *m_jobs = nullptr;
    TransferRateChart *m_rate = nullptr;
    StatusForm *m_git;
    StatusForm *m_hub;
    QPushButton *m_cleanup;
    QLabel *m_cleanupResult;
    std::function<bool(const QString &)> m_confirm;
};

} // namespace hawkmoth

#pragma once
// The desktop application as hawkmoth-gui's main() puts it together: the storage core, the job
// scheduler following the current workspace, the command service and the main window, wired the
// same way, so the benchmark measures the window a user gets.

#include "AppCommandService.h"
#include "AppServices.h"
#include "JobScheduler.h"
#include "MainWindow.h"

#include <memory>

namespace hawkmoth::bench {

class WindowRig : public QObject
{
    Q_OBJECT

public:
    explicit WindowRig(const Paths &paths, QObject *parent = nullptr);
    ~WindowRig() override;

    StorageCore &core() { return m_services.core(); }
    // Makes, shows and wires the window (the core has started), as main() does.
    void openWindow();
    MainWindow *window() const { return m_window.get(); }

private:
    AppServices m_services;
    JobScheduler m_scheduler;
    AppCommandService m_commands;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace hawkmoth::bench

#pragma once
// The whole window over a real StorageCore and a temporary data root, as hawkmoth-gui builds it:
// the services, the job scheduler, the command service and the MainWindow with its saved session.

#include "AppCommandService.h"
#include "AppServices.h"
#include "JobScheduler.h"
#include "MainWindow.h"
#include "TestSupport.h"

#include <memory>

namespace hawkmoth::test {

class Window
{
public:
    explicit Window(const TempRoot &root)
        : m_services(Paths(root.dataRoot(), root.cacheRoot()))
    {
        if (!m_services.core().start().result().ok())
            qFatal("the core did not start");
        m_scheduler = std::make_unique<JobScheduler>(m_services.core());
        m_commands = std::make_unique<AppCommandService>(m_services.core(), m_services.catalog());
        m_window = std::make_unique<MainWindow>(m_services.core(), *m_commands);
        m_window->restoreSession(root.dataRoot() + QStringLiteral("/window.ini"));
        m_window->show();
    }
    ~Window()
    {
        m_window.reset();
        m_scheduler.reset();
    }

    MainWindow &operator*() { return *m_window; }
    MainWindow *operator->() { return m_window.get(); }
    StorageCore &core() { return m_services.core(); }
    // Runs no job until told which workspace to follow (hawkmoth-gui follows the current one).
    JobScheduler &scheduler() { return *m_scheduler; }

private:
    AppServices m_services;
    std::unique_ptr<JobScheduler> m_scheduler;
    std::unique_ptr<AppCommandService> m_commands;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace hawkmoth::test

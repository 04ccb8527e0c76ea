#include "WindowRig.h"

#include "EditorArea.h"

namespace hawkmoth::bench {

WindowRig::WindowRig(const Paths &paths, QObject *parent)
    : QObject(parent)
    , m_services(paths)
    , m_scheduler(m_services.core())
    , m_commands(m_services.core(), m_services.catalog())
{}

WindowRig::~WindowRig()
{
    m_window.reset(); // before the scheduler and the core it uses
}

void WindowRig::openWindow()
{
    m_window = std::make_unique<MainWindow>(core(), m_commands);
    // As the application does: the watch is set up once the tree shows its first rows.
    connect(m_window.get(), &MainWindow::firstRowsShown, this,
            [this] { core().watchCurrentWorkspace(true); });
    m_window->show();
    m_window->editor()->offerRecovery();
    m_scheduler.followCurrentWorkspace(core());
}

} // namespace hawkmoth::bench

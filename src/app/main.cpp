// hawkmoth-gui: the desktop application. `hawkmoth` without a subcommand starts it; given one it
// runs the command as `hawkmoth` does.

#include "AppServices.h"
#include "CliApp.h"
#include "CliArgv.h"
#include "JobScheduler.h"
#include "MainWindow.h"
#include "Paths.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>

int main(int argc, char **argv)
{
    if (const int refused = hawkmoth::CliArgv::checkEncoding(argc, argv); refused != 0)
        return refused;
    hawkmoth::CliApp::setIdentity();
    if (hawkmoth::CliArgv::wantsCli(argc, argv)) {
        QCoreApplication app(argc, argv);
        return hawkmoth::CliApp::run(app.arguments().mid(1));
    }
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("HAWKMOTH"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hawkmoth.svg")));
    QApplication::setDesktopFileName(QStringLiteral("hawkmoth"));
    hawkmoth::AppServices services(hawkmoth::Paths::fromEnvironment());
    hawkmoth::StorageCore &core = services.core();
    hawkmoth::JobScheduler scheduler(core);
    hawkmoth::MainWindow window(core, scheduler);
    window.show();
    // Jobs follow the current workspace; changes wake the scheduler (the sync job then waits for
    // its quiet period).
    auto followCurrent = [&core, &scheduler, &window] {
        core.workspaces().current().then(
            &window, [&scheduler](const hawkmoth::Result<hawkmoth::Workspace> &ws) {
                if (ws)
                    scheduler.setWorkspace(*ws);
            });
    };
    QObject::connect(&core, &hawkmoth::StorageCore::currentWorkspaceChanged, &window,
                     followCurrent);
    QObject::connect(&core, &hawkmoth::StorageCore::filesChanged, &scheduler,
                     &hawkmoth::JobScheduler::wake);
    // Any job queued in this process (a sync, a pin's move, a rule change) wakes it too.
    QObject::connect(&core.changes(), &hawkmoth::ChangeNotifier::jobsQueued, &scheduler,
                     [&scheduler] { scheduler.wake(); });
    core.start().then(&window, [&window, followCurrent](const hawkmoth::Status &started) {
        if (!started) {
            QMessageBox::critical(&window, QObject::tr("HAWKMOTH cannot start"),
                                  started.error().message);
            return;
        }
        followCurrent();
        window.refresh();
    });
    return app.exec();
}

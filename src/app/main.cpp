// hawkmoth-gui: the desktop application. `hawkmoth` without a subcommand starts it; given one it
// runs the command as `hawkmoth` does. `hawkmoth --workspace NAME` opens that workspace.

#include "AppCommandService.h"
#include "AppServices.h"
#include "CliApp.h"
#include "CliArgv.h"
#include "CommandBar.h"
#include "EditorArea.h"
#include "FutureGuard.h"
#include "JobScheduler.h"
#include "MainWindow.h"
#include "Paths.h"
#include "RestServerSwitch.h"
#include "SignalWaiter.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

#include <memory>

namespace {

// The name given with --workspace / -w, if any (wantsCli() let only that option through).
QString requestedWorkspace(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({{QStringLiteral("w"), QStringLiteral("workspace")},
                      QStringLiteral("Open this workspace."),
                      QStringLiteral("NAME")});
    parser.parse(arguments);
    return parser.value(QStringLiteral("workspace"));
}

} // namespace

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
    // SIGTERM (a logout, `kill`) and SIGINT save the session as a close does, then end at once
    // without asking about unsaved text (exit(), not quit(), which would close the window and
    // ask): the crash journal keeps it and the next start offers it back.
    std::unique_ptr<hawkmoth::MainWindow> window;
    const hawkmoth::SignalWaiter signalWaiter([&window] {
        if (window)
            window->saveSession();
        QCoreApplication::exit(0);
    });
    QApplication::setApplicationDisplayName(QStringLiteral("HAWKMOTH"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hawkmoth.svg")));
    QApplication::setDesktopFileName(QStringLiteral("hawkmoth"));
    const QString wanted = requestedWorkspace(app.arguments());
    const hawkmoth::Paths paths = hawkmoth::Paths::fromEnvironment();
    hawkmoth::AppServices services(paths);
    hawkmoth::StorageCore &core = services.core();
    hawkmoth::JobScheduler scheduler(core);
    hawkmoth::AppCommandService commands(core, services.catalog());
    // The REST API of the settings, on this process's core and scheduler: what a request saves
    // shows in the window at once. Stopped before the scheduler and the core go.
    hawkmoth::RestServerSwitch restServer(services, &scheduler);

    // The widgets ask the core for the current workspace as they are made: the core starts first
    // (it only reads its settings), then the window opens, already in the workspace asked for.
    auto openWindow = [&] {
        window = std::make_unique<hawkmoth::MainWindow>(core, commands);
        window->commandBar()->setHistoryFile(paths.dataRoot() + QStringLiteral("/command-history"));
        window->setLocalServer(&restServer);
        window->restoreSession(paths.dataRoot() + QStringLiteral("/window.ini"));
        QObject::connect(window.get(), &hawkmoth::MainWindow::firstRowsShown, &core,
                         [&core] { core.watchCurrentWorkspace(true); });
        window->show();
        window->editor()->offerRecovery();
        scheduler.followCurrentWorkspace(core);
    };
    hawkmoth::onResult(core.start(), &app, [&](const hawkmoth::Status &started) {
        if (!started) {
            QMessageBox::critical(nullptr, QObject::tr("HAWKMOTH cannot start"),
                                  started.error().message);
            QApplication::exit(1);
            return;
        }
        restServer.followSettings();
        if (wanted.isEmpty()) {
            openWindow();
            return;
        }
        hawkmoth::onResult(core.workspaces().switchTo(wanted), &app, [&](const auto &switched) {
            openWindow();
            if (!switched)
                QMessageBox::warning(window.get(), QObject::tr("HAWKMOTH"),
                                     QObject::tr("Cannot open workspace %1: %2")
                                         .arg(wanted, switched.error().message));
        });
    });
    const int code = app.exec();
    window.reset(); // before the scheduler and the core it uses
    return code;
}

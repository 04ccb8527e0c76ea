// hawkmoth-guibench: the GUI responsiveness benchmark (bench/bench_gui.sh prepares the data and
// runs it). The real main window under the offscreen platform, over the data root of
// HAWKMOTH_DATA_DIR, with a stall probe on the GUI thread:
//   hawkmoth-guibench drop SOURCE...           drop SOURCEs on the current workspace's tree, then
//                                              Sync Now; until every job has ended
//   hawkmoth-guibench open BIG SMALL [SWITCHES] open on BIG, then switch to SMALL and back
// Prints "key value" lines; the worst stalls and job endings go to stderr.

#include "BenchApplication.h"
#include "CliApp.h"
#include "DropScenario.h"
#include "FutureGuard.h"
#include "OpenScenario.h"
#include "Paths.h"
#include "Report.h"
#include "StallProbe.h"
#include "WindowRig.h"

#include <QIcon>

#include <cstdio>

using namespace hawkmoth;
using namespace hawkmoth::bench;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: hawkmoth-guibench drop SOURCE...\n"
                         "       hawkmoth-guibench open BIG SMALL [SWITCHES]\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    CliApp::setIdentity(); // the names QStandardPaths and QSettings use, as hawkmoth-gui's
    BenchApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hawkmoth.svg")));
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty())
        return usage();
    const QString mode = args.first();
    StallProbe probe;
    WindowRig rig(Paths::fromEnvironment());
    int exitCode = 1;
    auto end = [&](int code) {
        probe.stop();
        reportStalls(probe);
        exitCode = code;
        QApplication::quit();
    };

    probe.start();
    std::unique_ptr<QObject> scenario;
    if (mode == QLatin1String("drop") && args.size() >= 2) {
        auto *drop = new DropScenario(rig, probe, args.mid(1));
        scenario.reset(drop);
        QObject::connect(drop, &DropScenario::finished, &app, end);
        onResult(rig.core().start(), &app, [&rig, drop, &end](const Status &started) {
            if (!started) {
                std::fprintf(stderr, "core: %s\n", qPrintable(started.error().message));
                end(1);
                return;
            }
            rig.openWindow();
            drop->start();
        });
    } else if (mode == QLatin1String("open") && (args.size() == 3 || args.size() == 4)) {
        const int switches = args.size() == 4 ? args[3].toInt() : 5;
        if (switches < 1)
            return usage();
        auto *open = new OpenScenario(app, rig, probe, args[1], args[2], switches);
        scenario.reset(open);
        QObject::connect(open, &OpenScenario::finished, &app, end);
        open->start();
    } else {
        return usage();
    }
    app.exec();
    return exitCode;
}

#include "OpenScenario.h"

#include "BenchApplication.h"
#include "FutureGuard.h"
#include "ProjectTree.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeView.h"
#include "Report.h"
#include "StallProbe.h"
#include "WindowRig.h"
#include "WorkspaceListModel.h"
#include "WorkspaceSwitcher.h"

#include <QComboBox>
#include <QTimer>

#include <algorithm>

namespace hawkmoth::bench {

namespace {

constexpr int settleMs = 1000; // after a paint, before the next switch: listings, the watch
constexpr int timeoutMs = 5 * 60 * 1000;

double ms(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

OpenScenario::OpenScenario(BenchApplication &app, WindowRig &rig, StallProbe &probe, QString big,
                           QString small, int switches, QObject *parent)
    : QObject(parent)
    , m_app(app)
    , m_rig(rig)
    , m_probe(probe)
    , m_big(std::move(big))
    , m_small(std::move(small))
    , m_switches(switches)
{}

void OpenScenario::start()
{
    QTimer::singleShot(timeoutMs, this, [this] { finish(1, QStringLiteral("timed out")); });
    m_clock.start();
    m_probe.mark(QStringLiteral("open"));
    onResult(m_rig.core().start(), this, [this](const Status &started) {
        if (!started) {
            finish(1, started.error().message);
            return;
        }
        report(QStringLiteral("open.core_start_ms"), ms(m_clock));
        onResult(m_rig.core().workspaces().switchTo(m_big), this,
                 [this](const Result<WorkspaceInfo> &switched) {
                     if (!switched) {
                         finish(1, switched.error().message);
                         return;
                     }
                     report(QStringLiteral("open.switch_ms"), ms(m_clock));
                     open();
                 });
    });
}

void OpenScenario::open()
{
    QElapsedTimer window;
    window.start();
    m_rig.openWindow(); // shown: its first paint comes from the event loop, after this
    report(QStringLiteral("open.window_built_ms"), ms(window));
    afterPaintOf(m_big, [this, window] {
        report(QStringLiteral("open.first_paint_ms"), ms(m_clock));
        report(QStringLiteral("open.window_to_paint_ms"), ms(window));
        reportMemory(QStringLiteral("open"));
        QTimer::singleShot(settleMs, this, &OpenScenario::nextSwitch);
    });
}

void OpenScenario::nextSwitch()
{
    if (m_toBig.size() == m_switches) {
        report(QStringLiteral("switch.to_small_median_ms"), median(m_toSmall));
        report(QStringLiteral("switch.to_small_max_ms"),
               *std::max_element(m_toSmall.begin(), m_toSmall.end()));
        report(QStringLiteral("switch.to_big_median_ms"), median(m_toBig));
        report(QStringLiteral("switch.to_big_max_ms"),
               *std::max_element(m_toBig.begin(), m_toBig.end()));
        reportMemory(QStringLiteral("end"));
        finish(0);
        return;
    }
    m_probe.mark(QStringLiteral("switch"));
    pick(m_small, [this](double toSmall) {
        m_toSmall.append(toSmall);
        QTimer::singleShot(settleMs, this, [this] {
            pick(m_big, [this](double toBig) {
                m_toBig.append(toBig);
                QTimer::singleShot(settleMs, this, &OpenScenario::nextSwitch);
            });
        });
    });
}

void OpenScenario::pick(const QString &name, const std::function<void(double)> &done)
{
    WorkspaceSwitcher *switcher = m_rig.window()->switcher();
    const int row = switcher->model()->rowOf(name);
    if (row < 0) {
        finish(1, QStringLiteral("no workspace %1 in the switcher").arg(name));
        return;
    }
    QElapsedTimer clock;
    clock.start();
    afterPaintOf(name, [clock, done] { done(ms(clock)); });
    // What a user's pick does: the combo box shows it and says it was activated.
    QComboBox *combo = switcher->comboBox();
    combo->setCurrentIndex(row);
    Q_EMIT combo->activated(row);
}

void OpenScenario::afterPaintOf(const QString &name, const std::function<void()> &done)
{
    const ProjectTreeModel *model = m_rig.window()->tree()->model();
    m_app.watchPaint(
        m_rig.window()->tree()->view()->viewport(),
        [model, name] { return model->workspace().name() == name && model->rowCount() > 0; }, done);
}

void OpenScenario::finish(int exitCode, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    if (!error.isEmpty())
        std::fprintf(stderr, "open scenario: %s\n", qPrintable(error));
    Q_EMIT finished(exitCode);
}

} // namespace hawkmoth::bench

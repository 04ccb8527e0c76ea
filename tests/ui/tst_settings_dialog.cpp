// The settings dialog against a real StorageCore: settings and the session retention round-trip
// through the core; the layer rules are edited (add, reorder, remove) and previewed; a Hub token
// goes to a real keychain (gnome-keyring in a private D-Bus session) and is never shown or logged.
// Writes screenshots to /tmp/hawkmoth-screens for a person to look at.

#include "HubCredentials.h"
#include "HubServer.h"
#include "HubTokenPanel.h"
#include "LocalServerPanel.h"
#include "RuleListEditor.h"
#include "Screenshots.h"
#include "SettingsDialog.h"
#include "SettingsTestKit.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

#include <cstdio>

using namespace hawkmoth;

namespace {

constexpr int slowMs = test::settingsSlowMs;

// Every message the process logs, to prove a secret is not among them.
QStringList &logged()
{
    static QStringList lines;
    return lines;
}

void keepLog(QtMsgType, const QMessageLogContext &, const QString &message)
{
    logged().append(message);
    std::fprintf(stderr, "%s\n", qPrintable(message));
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempRoot> m_root;
    std::unique_ptr<StorageCore> m_core;

private Q_SLOTS:
    void init()
    {
        m_root = std::make_unique<test::TempRoot>();
        m_core = std::make_unique<StorageCore>(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(m_core->start().result().ok());
    }

    void cleanup()
    {
        m_core.reset();
        m_root.reset();
    }

    void settingsRoundTrip()
    {
        {
            SettingsDialog dialog(*m_core);
            test::openSettings(dialog);
            auto byName = [&](const QString &name) -> QWidget * {
                for (QWidget *w : dialog.findChildren<QWidget *>()) {
                    if (w->accessibleName() == name)
                        return w;
                }
                return nullptr;
            };
            qobject_cast<QLineEdit *>(byName(QStringLiteral("Hub namespace")))
                ->setText(QStringLiteral("team"));
            qobject_cast<QLineEdit *>(byName(QStringLiteral("Commit author name")))
                ->setText(QStringLiteral("Ada"));
            qobject_cast<QSpinBox *>(
                byName(QStringLiteral("Quiet period before an automatic sync")))
                ->setValue(30);
            qobject_cast<QSpinBox *>(byName(QStringLiteral("Days session files are kept")))
                ->setValue(14);
            for (QCheckBox *box : dialog.findChildren<QCheckBox *>()) {
                if (box->text().contains(QLatin1String("Push")) ||
                    box->text().contains(QLatin1String("private")))
                    box->setChecked(false);
            }
            for (int tab = 0; tab < 3; ++tab) {
                dialog.tabs()->setCurrentIndex(tab);
                QVERIFY(test::grabWidget(dialog, QStringLiteral("settings-tab%1").arg(tab)));
            }
            test::applySettings(dialog);
        }
        auto settings = m_core->settings().read().result();
        QVERIFY(settings.ok());
        QCOMPARE(settings->value(QStringLiteral("hubNamespace")).toString(),
                 QStringLiteral("team"));
        QCOMPARE(settings->value(QStringLiteral("gitAuthorName")).toString(),
                 QStringLiteral("Ada"));
        QCOMPARE(settings->autoSyncDelaySeconds(), 30);
        QCOMPARE(settings->value(QStringLiteral("autoPush")).toBool(true), false);
        QCOMPARE(settings->value(QStringLiteral("hubPrivate")).toBool(true), false);
        QVERIFY(!settings->value(QStringLiteral("hubEndpoint")).isString()); // untouched: default
        auto ws = m_core->workspaces().current().result();
        QCOMPARE(m_core->rules().retentionDays(*ws).result().valueOr(0), 14);
        // The core's later operations see them too.
        QCOMPARE(m_core->context().settings.autoSyncDelaySeconds(), 30);

        // A new dialog shows what was saved; a bad value is refused with the file's own rule.
        SettingsDialog again(*m_core);
        test::openSettings(again);
        bool shown = false;
        for (QLineEdit *e : again.findChildren<QLineEdit *>())
            shown = shown || e->text() == QLatin1String("team");
        QVERIFY(shown);
        auto refused = m_core->settings()
                           .write({{QStringLiteral("autoSyncDelaySeconds"), QStringLiteral("x")}})
                           .result();
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QLatin1String("autoSyncDelaySeconds")));
        QCOMPARE(m_core->settings().read().result()->autoSyncDelaySeconds(), 30);
    }

    void serverSettingsRoundTrip()
    {
        QSignalSpy saved(m_core.get(), &StorageCore::settingsChanged);
        {
            SettingsDialog dialog(*m_core);
            test::openSettings(dialog);
            LocalServerPanel *panel = dialog.serverPanel();
            dialog.tabs()->setCurrentIndex(dialog.tabs()->indexOf(panel->parentWidget()));
            QVERIFY(panel->isVisible());
            // Off by default, on the port `hawkmoth serve` uses; no server in this process to
            // copy the token of.
            QVERIFY(!panel->enabledBox()->isChecked());
            QCOMPARE(panel->portBox()->value(), AppSettings::defaultRestServerPort);
            QVERIFY(!panel->copyButton()->isEnabled());
            panel->enabledBox()->click();
            panel->portBox()->setValue(9876);
            test::applySettings(dialog);
        }
        auto settings = m_core->settings().read().result();
        QVERIFY(settings.ok());
        QVERIFY(settings->restServer());
        QCOMPARE(settings->restServerPort(), 9876);
        // The window's server hears of it through the core.
        QVERIFY(!saved.isEmpty() || saved.wait(slowMs));
        QVERIFY(saved.last().first().value<AppSettings>().restServer());

        // Shown again as saved; turned off, only that key changes.
        SettingsDialog again(*m_core);
        test::openSettings(again);
        QVERIFY(again.serverPanel()->enabledBox()->isChecked());
        QCOMPARE(again.serverPanel()->portBox()->value(), 9876);
        again.serverPanel()->enabledBox()->click();
        test::applySettings(again);
        settings = m_core->settings().read().result();
        QVERIFY(!settings->restServer());
        QCOMPARE(settings->restServerPort(), 9876);
        // A port out of range is refused with the file's own rule.
        auto refused =
            m_core->settings().write({{QStringLiteral("restServerPort"), 70000}}).result();
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QLatin1String("restServerPort")));
    }

    void rulesRoundTripAndPreview()
    {
        auto ws = m_core->workspaces().current().result();
        QVERIFY(m_core->files()
                    .save(*ws, QStringLiteral("big.bin"), test::randomBytes(300 * 1024))
                    .result()
                    .ok());
        const int before = int(m_core->rules().list(*ws).result()->size());
        SettingsDialog dialog(*m_core);
        test::openSettings(dialog);
        RuleListEditor *editor = dialog.ruleEditor();
        dialog.tabs()->setCurrentWidget(editor);
        QTRY_COMPARE_WITH_TIMEOUT(editor->list()->topLevelItemCount(), before, slowMs);

        // A file the index knows is judged by its size and content.
        QSignalSpy previewed(editor, &RuleListEditor::previewed);
        editor->previewEdit()->setText(QStringLiteral("big.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(
            editor->previewLabel()->text().contains(QLatin1String("<b>hub</b>")), slowMs);

        editor->list()->setCurrentItem(nullptr);
        editor->patternEdit()->setText(QStringLiteral("*.psd"));
        editor->layerBox()->setCurrentIndex(
            editor->layerBox()->findText(QStringLiteral("session")));
        editor->addRule();
        QCOMPARE(editor->list()->topLevelItemCount(), before + 1);
        editor->previewEdit()->setText(QStringLiteral("art/cover.psd"));
        // Last in the list, an earlier rule (the text files' catch-all) still decides.
        QTRY_VERIFY_WITH_TIMEOUT(previewed.size() >= 2, slowMs);
        QVERIFY2(!editor->previewLabel()->text().contains(QLatin1String("<b>session</b>")),
                 qPrintable(editor->previewLabel()->text()));
        // Moved to the top, it decides first.
        editor->list()->setCurrentItem(editor->list()->topLevelItem(before));
        for (int i = 0; i < before; ++i)
            editor->moveUp();
        QCOMPARE(editor->list()->topLevelItem(0)->text(1), QStringLiteral("*.psd"));
        QTRY_VERIFY2_WITH_TIMEOUT(
            editor->previewLabel()->text().contains(QLatin1String("<b>session</b> by rule 1")),
            qPrintable(editor->previewLabel()->text()), slowMs);
        QVERIFY(editor->isModified());
        QVERIFY(test::grabWidget(dialog, QStringLiteral("settings-rules")));
        test::applySettings(dialog);
        QVERIFY(!editor->isModified());
        auto saved = m_core->rules().list(*ws).result();
        QCOMPARE(saved->size(), before + 1);
        QCOMPARE(saved->first().patterns, QStringList{QStringLiteral("*.psd")});
        QCOMPARE(saved->first().layer, Layer::Session);

        // Removed again: the saved list is what it was.
        editor->list()->setCurrentItem(editor->list()->topLevelItem(0));
        editor->removeRule();
        test::applySettings(dialog);
        QCOMPARE(m_core->rules().list(*ws).result()->size(), before);
        QVERIFY(!m_core->rules().list(*ws).result()->first().patterns.contains(
            QStringLiteral("*.psd")));
    }

    void tokenGoesToTheKeychainUnseen()
    {
        const QByteArray token = test::HubServer::token;
        if (qEnvironmentVariableIsSet("HAWKMOTH_UI_KEYCHAIN_CHILD")) {
            keychainChild(token);
            return;
        }
        // The work runs in a copy of this test inside a private D-Bus session with an unlocked
        // gnome-keyring, so the machine's own keychain is never touched.
        const QString script = QStringLiteral(
            "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 3; "
            "exec \"$0\" tokenGoesToTheKeychainUnseen");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HAWKMOTH_UI_KEYCHAIN_CHILD"), QStringLiteral("1"));
        env.insert(QStringLiteral("HOME"), m_root->file(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_root->file(QStringLiteral("home/share")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root->file(QStringLiteral("home/config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_root->file(QStringLiteral("home/cache")));
        env.insert(QStringLiteral("HF_HOME"), m_root->file(QStringLiteral("home/hf")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.remove(QStringLiteral("HF_TOKEN"));
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        QDir().mkpath(m_root->file(QStringLiteral("home/share")));
        const auto r =
            test::runProgram(QStringLiteral("dbus-run-session"),
                             {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                              script, QCoreApplication::applicationFilePath()},
                             {}, env, {}, 240000);
        QVERIFY2(r.exitCode != 3 &&
                     !QStandardPaths::findExecutable(QStringLiteral("dbus-run-session")).isEmpty(),
                 qPrintable(QStringLiteral("no secret service: gnome-keyring-daemon must start in "
                                           "a private D-Bus session; install gnome-keyring and "
                                           "dbus-daemon.\n") +
                            r.describe()));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.out.contains("PASS   : TestSettingsDialog::tokenGoesToTheKeychainUnseen"));
        QVERIFY2(!r.out.contains(token) && !r.err.contains(token), "the token was printed");
    }

private:
    void keychainChild(const QByteArray &token)
    {
        qInstallMessageHandler(keepLog);
        test::HubServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        qputenv("HF_ENDPOINT", server.url().toUtf8());
        {
            SettingsDialog dialog(*m_core);
            test::openSettings(dialog);
            HubTokenPanel *panel = dialog.tokenPanel();
            QTRY_VERIFY_WITH_TIMEOUT(panel->hintLabel()->text().contains(QLatin1String("No token")),
                                     slowMs);
            QSignalSpy answered(panel, &HubTokenPanel::answered);
            QTest::keyClicks(panel->tokenEdit(), QString::fromLatin1(token));
            QVERIFY(panel->tokenEdit()->displayText() != QString::fromLatin1(token));
            QTest::keyClick(panel->tokenEdit(), Qt::Key_Return);
            QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 1, 60000);
            QVERIFY2(answered.first().first().toBool(),
                     qPrintable(answered.first().at(1).toString()));
            QVERIFY(panel->statusLabel()->text().contains(QLatin1String("alice")));
            QVERIFY(panel->tokenEdit()->text().isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(panel->hintLabel()->text().contains(QLatin1String("keychain")),
                                     slowMs);
            QVERIFY(panel->hintLabel()->text().contains(QStringLiteral("hf_…") +
                                                        QString::fromLatin1(token.right(4))));

            // Test asks the Hub with the stored token.
            QPushButton *testButton = nullptr;
            for (QPushButton *b : panel->findChildren<QPushButton *>())
                testButton = b->text() == QLatin1String("&Test") ? b : testButton;
            QVERIFY(testButton);
            testButton->click();
            QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 2, 60000);
            QVERIFY2(answered.at(1).first().toBool(), qPrintable(answered.at(1).at(1).toString()));
            QVERIFY(panel->statusLabel()->text().contains(QLatin1String("alice")));

            for (const QString &text : test::visibleTexts(dialog))
                QVERIFY2(!text.contains(QString::fromLatin1(token)), "the dialog shows the token");
            QVERIFY(test::grabWidget(dialog, QStringLiteral("settings-hub")));
        }
        // In the keychain, and nowhere in the data root.
        auto stored = hub::HubCredentials::token(m_core->context(), QUrl(server.url()));
        QVERIFY(stored.ok() && stored->has_value());
        QCOMPARE((*stored)->value, QString::fromLatin1(token));
        QCOMPARE((*stored)->source, QStringLiteral("keychain"));
        QVERIFY(
            !test::readFile(m_root->dataRoot() + QStringLiteral("/settings.json")).contains(token));
        for (const QString &line : logged())
            QVERIFY2(!line.contains(QString::fromLatin1(token)), "the log holds the token");
        qInstallMessageHandler(nullptr);
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settings_dialog.moc"

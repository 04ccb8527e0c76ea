// The workspace switcher and its dialogs against a real StorageCore over a temporary data root:
// the list model under QAbstractItemModelTester follows creations, renames, deletions and
// switches in place; the create dialog refuses a bad name as it is typed; deleting needs the name.

#include "CreateWorkspaceDialog.h"
#include "DeleteWorkspaceDialog.h"
#include "RemoteWorkspaceDialog.h"
#include "RenameWorkspaceDialog.h"
#include "StorageCore.h"
#include "TestSupport.h"
#include "WorkspaceListModel.h"
#include "WorkspaceSwitcher.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;

namespace {

// Core operations on a loaded machine (CI shares its cores) may take seconds.
constexpr int slowMs = 30000;

QPushButton *okButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

} // namespace

class TestWorkspaceUi : public QObject
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

    void listModelFollowsTheRegistry()
    {
        WorkspaceListModel model(*m_core);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(model.isLoaded(), slowMs);
        QCOMPARE(model.names(), QStringList{QStringLiteral("default")});
        QCOMPARE(model.currentName(), QStringLiteral("default"));
        QVERIFY(model.index(0).data(WorkspaceListModel::CurrentRole).toBool());

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(m_core->workspaces()
                    .create(QStringLiteral("beta"), QStringLiteral("empty"), false)
                    .result()
                    .ok());
        QVERIFY(m_core->workspaces()
                    .create(QStringLiteral("alpha"), QStringLiteral("empty"), true)
                    .result()
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.names(),
                                  (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"),
                                               QStringLiteral("default")}),
                                  slowMs);
        QTRY_COMPARE_WITH_TIMEOUT(model.currentName(), QStringLiteral("alpha"), slowMs);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(reset.size(), 0); // in place, never a reset
        QVERIFY(model.index(0).data(WorkspaceListModel::CurrentRole).toBool());
        QVERIFY(!model.index(2).data(WorkspaceListModel::CurrentRole).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(
            !model.index(0).data(WorkspaceListModel::RootRole).toString().isEmpty(), slowMs);

        // A rename moves the row to where the new name sorts; the current one stays current.
        QVERIFY(m_core->workspaces()
                    .rename(QStringLiteral("alpha"), QStringLiteral("zeta"))
                    .result()
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.names(),
                                  (QStringList{QStringLiteral("beta"), QStringLiteral("default"),
                                               QStringLiteral("zeta")}),
                                  slowMs);
        QCOMPARE(model.currentName(), QStringLiteral("zeta"));
        QVERIFY(model.index(2).data(WorkspaceListModel::CurrentRole).toBool());

        QVERIFY(m_core->workspaces().remove(QStringLiteral("beta"), true).result().ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.names(),
                                  (QStringList{QStringLiteral("default"), QStringLiteral("zeta")}),
                                  slowMs);
        QVERIFY(m_core->workspaces().switchTo(QStringLiteral("default")).result().ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.currentName(), QStringLiteral("default"), slowMs);
        QVERIFY(model.index(0).data(WorkspaceListModel::CurrentRole).toBool());
        QVERIFY(!model.index(1).data(WorkspaceListModel::CurrentRole).toBool());
        QCOMPARE(reset.size(), 0);
    }

    void switcherSwitchesOnAPick()
    {
        QVERIFY(m_core->workspaces()
                    .create(QStringLiteral("other"), QStringLiteral("empty"), false)
                    .result()
                    .ok());
        WorkspaceSwitcher switcher(*m_core);
        QTRY_VERIFY_WITH_TIMEOUT(switcher.comboBox()->isEnabled(), slowMs);
        QCOMPARE(switcher.comboBox()->currentText(), QStringLiteral("default"));
        QCOMPARE(switcher.workspaceActions().size(), 5);
        QSignalSpy switched(&switcher, &WorkspaceSwitcher::currentWorkspaceChanged);
        const int row = switcher.model()->rowOf(QStringLiteral("other"));
        switcher.comboBox()->setCurrentIndex(row);
        Q_EMIT switcher.comboBox()->activated(row);
        QTRY_COMPARE_WITH_TIMEOUT(switched.size(), 1, slowMs);
        QCOMPARE(switched.first().first().toString(), QStringLiteral("other"));
        QCOMPARE(m_core->workspaces().current().result()->name(), QStringLiteral("other"));
        QCOMPARE(switcher.comboBox()->currentText(), QStringLiteral("other"));
    }

    void createDialogChecksTheNameAsItIsTyped()
    {
        WorkspaceSwitcher switcher(*m_core);
        QTRY_VERIFY_WITH_TIMEOUT(switcher.comboBox()->isEnabled(), slowMs);
        switcher.workspaceActions().at(0)->trigger();
        auto *dialog = switcher.findChild<CreateWorkspaceDialog *>();
        QVERIFY(dialog);
        QVERIFY(!okButton(dialog)->isEnabled()); // nothing typed yet
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("bad name"));
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY(!dialog->problemLabel()->text().isEmpty());
        dialog->nameEdit()->clear();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("-dash"));
        QVERIFY(!okButton(dialog)->isEnabled());
        dialog->nameEdit()->clear();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("DEFAULT")); // taken, ignoring case
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY(dialog->problemLabel()->text().contains(QLatin1String("exists")));
        dialog->nameEdit()->clear();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("web-site"));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(dialog->problemLabel()->text().isEmpty());
        dialog->templateBox()->setCurrentIndex(
            dialog->templateBox()->findData(QStringLiteral("web")));
        QSignalSpy finished(dialog, &QDialog::finished);
        okButton(dialog)->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, slowMs);
        QCOMPARE(finished.first().first().toInt(), int(QDialog::Accepted));
        QTRY_COMPARE_WITH_TIMEOUT(switcher.comboBox()->currentText(), QStringLiteral("web-site"),
                                  slowMs);
        auto ws = m_core->workspaces().current().result();
        QCOMPARE(ws->name(), QStringLiteral("web-site"));
        QVERIFY(QFile::exists(ws->root() + QStringLiteral("/index.html")));
    }

    // Workspace > Clone from Git: a repository becomes a workspace holding its files, and the
    // window switches to it; a source that leads nowhere says why and makes nothing.
    void cloneDialogClonesAndSwitches()
    {
        const QString upstream = m_root->file(QStringLiteral("upstream"));
        test::writeFile(upstream + QStringLiteral("/src/hello.py"), "print('hi')\n");
        const auto git = [&](const QStringList &args) {
            return test::runProgram(QStringLiteral("git"),
                                    QStringList{QStringLiteral("-C"), upstream,
                                                QStringLiteral("-c"), QStringLiteral("user.name=T"),
                                                QStringLiteral("-c"),
                                                QStringLiteral("user.email=t@example.org")} +
                                        args)
                .exitCode;
        };
        QCOMPARE(git({QStringLiteral("init"), QStringLiteral("-q")}), 0);
        QCOMPARE(git({QStringLiteral("add"), QStringLiteral("-A")}), 0);
        QCOMPARE(git({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("first")}),
                 0);

        WorkspaceSwitcher switcher(*m_core);
        QTRY_VERIFY_WITH_TIMEOUT(switcher.comboBox()->isEnabled(), slowMs);
        switcher.findChild<QAction *>(QStringLiteral("cloneWorkspace"))->trigger();
        auto *dialog = switcher.findChild<RemoteWorkspaceDialog *>();
        QVERIFY(dialog);
        QVERIFY(!dialog->startButton()->isEnabled()); // no source yet
        dialog->sourceEdit()->setText(m_root->file(QStringLiteral("nowhere")));
        dialog->nameEdit()->setText(QStringLiteral("bad name"));
        QVERIFY(!dialog->startButton()->isEnabled());
        dialog->nameEdit()->setText(QStringLiteral("lost"));
        dialog->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), slowMs);
        QVERIFY(dialog->isVisible());
        QVERIFY2(!dialog->noteLabel()->text().isEmpty(), "a failed clone says why");
        QVERIFY(!m_core->registry().find(QStringLiteral("lost")).ok());

        dialog->sourceEdit()->setText(upstream);
        dialog->nameEdit()->setText(QStringLiteral("cloned"));
        QSignalSpy finished(dialog, &QDialog::finished);
        dialog->startButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, slowMs);
        QCOMPARE(finished.first().first().toInt(), int(QDialog::Accepted));
        QTRY_COMPARE_WITH_TIMEOUT(switcher.comboBox()->currentText(), QStringLiteral("cloned"),
                                  slowMs);
        auto ws = m_core->workspaces().current().result();
        QCOMPARE(ws->name(), QStringLiteral("cloned"));
        QCOMPARE(test::readFile(ws->absolutePath(QStringLiteral("src/hello.py"))),
                 QByteArray("print('hi')\n"));
    }

    // A workspace renamed before the window heard that it was added: the answer about the old
    // name, asked for when the addition was heard, must not list it again beside the new one
    // (the switcher showed the renamed workspace twice, once under its old name).
    void renameRightAfterCreationListsTheNewNameOnly()
    {
        WorkspaceListModel model(*m_core);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(model.isLoaded(), slowMs);
        // No event is handled between the two: both notices arrive in one delivery.
        QVERIFY(m_core->workspaces()
                    .create(QStringLiteral("early"), QStringLiteral("empty"), false)
                    .result()
                    .ok());
        QVERIFY(m_core->workspaces()
                    .rename(QStringLiteral("early"), QStringLiteral("later"))
                    .result()
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.names(),
                                  (QStringList{QStringLiteral("default"), QStringLiteral("later")}),
                                  slowMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            !model.index(1).data(WorkspaceListModel::RootRole).toString().isEmpty(), slowMs);
        // One more round trip through the pool, for an answer about the old name still in it.
        QVERIFY(m_core->workspaces().list().result().ok());
        QCoreApplication::processEvents();
        QCOMPARE(model.names(), (QStringList{QStringLiteral("default"), QStringLiteral("later")}));
    }

    void renameDialogRenames()
    {
        WorkspaceSwitcher switcher(*m_core);
        QTRY_VERIFY_WITH_TIMEOUT(switcher.comboBox()->isEnabled(), slowMs);
        switcher.workspaceActions().at(1)->trigger();
        auto *dialog = switcher.findChild<RenameWorkspaceDialog *>();
        QVERIFY(dialog);
        QVERIFY(!okButton(dialog)->isEnabled()); // the same name: nothing to do
        dialog->nameEdit()->setText(QStringLiteral("a/b"));
        QVERIFY(!okButton(dialog)->isEnabled());
        dialog->nameEdit()->setText(QStringLiteral("main"));
        QVERIFY(okButton(dialog)->isEnabled());
        okButton(dialog)->click();
        QTRY_COMPARE_WITH_TIMEOUT(switcher.comboBox()->currentText(), QStringLiteral("main"),
                                  slowMs);
        QCOMPARE(switcher.model()->names(), QStringList{QStringLiteral("main")});
    }

    void deleteNeedsTheTypedName()
    {
        QVERIFY(m_core->workspaces()
                    .create(QStringLiteral("doomed"), QStringLiteral("empty"), true)
                    .result()
                    .ok());
        WorkspaceSwitcher switcher(*m_core);
        QTRY_COMPARE_WITH_TIMEOUT(switcher.currentWorkspace(), QStringLiteral("doomed"), slowMs);
        switcher.workspaceActions().at(2)->trigger();
        auto *dialog = switcher.findChild<DeleteWorkspaceDialog *>();
        QVERIFY(dialog);
        QVERIFY(!okButton(dialog)->isEnabled());
        QTest::keyClicks(dialog->confirmEdit(), QStringLiteral("doome"));
        QVERIFY(!okButton(dialog)->isEnabled());
        dialog->accept(); // refused at once: the name is not typed in full
        QVERIFY(dialog->isVisible());
        QVERIFY(m_core->registry().find(QStringLiteral("doomed")).ok());
        QTest::keyClicks(dialog->confirmEdit(), QStringLiteral("D"));
        QVERIFY(!okButton(dialog)->isEnabled()); // exactly the name, case included
        QTest::keyClick(dialog->confirmEdit(), Qt::Key_Backspace);
        QTest::keyClicks(dialog->confirmEdit(), QStringLiteral("d"));
        QVERIFY(okButton(dialog)->isEnabled());
        okButton(dialog)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!m_core->registry().find(QStringLiteral("doomed")).ok(), slowMs);
        QTRY_COMPARE_WITH_TIMEOUT(switcher.model()->names(), QStringList{QStringLiteral("default")},
                                  slowMs);
        QTRY_COMPARE_WITH_TIMEOUT(switcher.comboBox()->currentText(), QStringLiteral("default"),
                                  slowMs);
    }
};

QTEST_MAIN(TestWorkspaceUi)
#include "tst_workspace_ui.moc"

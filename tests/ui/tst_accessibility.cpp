// Every control a screen reader reaches has a name: the window with its docks, with a text file
// open (the editor and its find bar) and a binary one (the details panel), and the main dialogs.
// A control's name is its accessible name, the label it is the buddy of (what AT-SPI reports as
// "labelled by"), or for a button its text. Not a placeholder or a tool tip: screen readers do
// not read those as the name. Parts of another control (a scroll area's bars, a view's header,
// a combo box's line edit) are named by that control.

#include "CreateWorkspaceDialog.h"
#include "DeleteWorkspaceDialog.h"
#include "EditorArea.h"
#include "HistoryDialog.h"
#include "RecoveryDialog.h"
#include "RemoteWorkspaceDialog.h"
#include "RenameWorkspaceDialog.h"
#include "SettingsDialog.h"
#include "TestSupport.h"
#include "WindowFixture.h"

#include <Qsci/qsciscintilla.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabBar>
#include <QTest>
#include <QToolButton>

using namespace hawkmoth;

namespace {

constexpr int slowMs = 30000;

bool isControl(const QWidget *w)
{
    return qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QLineEdit *>(w) ||
           qobject_cast<const QComboBox *>(w) || qobject_cast<const QAbstractItemView *>(w) ||
           qobject_cast<const QAbstractSpinBox *>(w) || qobject_cast<const QAbstractSlider *>(w) ||
           qobject_cast<const QTabBar *>(w) || qobject_cast<const QsciScintilla *>(w);
}

// A piece that assistive technology reads as part of the control around it.
bool isPartOfAnother(const QWidget *w)
{
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (const auto *area = qobject_cast<const QAbstractScrollArea *>(p);
            area && (area->verticalScrollBar() == w || area->horizontalScrollBar() == w))
            return true;
    }
    // A combo box's line edit and list, a spin box's line edit.
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (qobject_cast<const QComboBox *>(p) || qobject_cast<const QAbstractSpinBox *>(p))
            return true;
    }
    // A view's headers and corner button (not the widgets shown in its cells, in the viewport).
    return qobject_cast<const QAbstractItemView *>(w->parentWidget()) != nullptr;
}

QString nameOf(QWidget *w)
{
    if (!w->accessibleName().isEmpty())
        return w->accessibleName();
    if (const auto *button = qobject_cast<const QAbstractButton *>(w)) {
        QString text = button->text();
        if (const auto *tool = qobject_cast<const QToolButton *>(w);
            text.isEmpty() && tool && tool->defaultAction())
            text = tool->defaultAction()->text();
        text.remove(QLatin1Char('&'));
        if (!text.trimmed().isEmpty())
            return text;
    }
    if (QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w)) {
        for (const auto &[label, relation] : iface->relations(QAccessible::Label)) {
            Q_UNUSED(relation);
            if (!label->text(QAccessible::Name).trimmed().isEmpty())
                return label->text(QAccessible::Name);
        }
    }
    return {};
}

// Where a widget sits, to find it in the source: its class and object name, up to the window.
QString describe(const QWidget *w)
{
    QStringList chain;
    for (const QWidget *p = w; p; p = p->parentWidget()) {
        QString part = QString::fromLatin1(p->metaObject()->className());
        if (!p->objectName().isEmpty())
            part += QLatin1Char('#') + p->objectName();
        chain.prepend(part);
        if (p->isWindow())
            break;
    }
    return chain.join(QStringLiteral(" > "));
}

QStringList unnamedControls(QWidget &root)
{
    QList<QWidget *> widgets = root.findChildren<QWidget *>();
    widgets.prepend(&root);
    QStringList out;
    for (QWidget *w : std::as_const(widgets)) {
        if (isControl(w) && !isPartOfAnother(w) && nameOf(w).trimmed().isEmpty()) {
            out.append(describe(w));
            qWarning("no name: %s", qPrintable(out.last()));
        }
    }
    return out;
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyControlOfTheWindowHasAName()
    {
        test::TempRoot root;
        test::Window w(root);
        auto ws = w.core().workspaces().current().result();
        QVERIFY(ws.ok());
        QVERIFY(w.core().files().save(*ws, QStringLiteral("src/app.py"), "x = 1\n").result());
        QVERIFY(w.core()
                    .files()
                    .save(*ws, QStringLiteral("data/model.bin"), QByteArray(200 * 1024, '\0'))
                    .result());
        QSignalSpy loaded(w->editor(), &EditorArea::fileLoaded);
        w->editor()->openFile(QStringLiteral("data/model.bin"));
        w->editor()->openFile(QStringLiteral("src/app.py"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, slowMs);
        // The text file's find bar with its replace row, so that every kind of widget exists.
        w->editor()->openFile(QStringLiteral("src/app.py"));
        QAction *replace = w->findChild<QAction *>(QStringLiteral("editorReplace"));
        QVERIFY(replace);
        replace->trigger();
        const QStringList unnamed = unnamedControls(*w);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
    }

    void everyControlOfTheDialogsHasAName()
    {
        test::TempRoot root;
        StorageCore core(Paths(root.dataRoot(), root.cacheRoot()));
        QVERIFY(core.start().result().ok());
        const QString current = QStringLiteral("default");
        QList<QDialog *> dialogs = {
            new SettingsDialog(core),
            new CreateWorkspaceDialog(core, {current}),
            new RenameWorkspaceDialog(core, current, {current}),
            new DeleteWorkspaceDialog(core, current),
            new HistoryDialog(core, QStringLiteral("notes.md")),
            new RemoteWorkspaceDialog(core, RemoteWorkspaceDialog::Source::Git),
            new RemoteWorkspaceDialog(core, RemoteWorkspaceDialog::Source::Hub),
            new RecoveryDialog({{current, QStringLiteral("notes.md"), "text\n", {}}}),
        };
        QStringList unnamed;
        for (QDialog *d : std::as_const(dialogs)) {
            d->show();
            unnamed += unnamedControls(*d);
        }
        qDeleteAll(dialogs);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"

#pragma once
// What the settings dialog suites share: opening the dialog until everything is read, an Apply
// that must succeed, and every text a person or a screen reader could see in a widget (to prove a
// secret is not among them).

#include "SettingsDialog.h"

#include <QAbstractButton>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

namespace hawkmoth::test {

// Core operations on a loaded machine (CI shares its cores) may take seconds.
constexpr int settingsSlowMs = 30000;

inline void openSettings(SettingsDialog &dialog)
{
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), settingsSlowMs);
}

inline void applySettings(SettingsDialog &dialog)
{
    QSignalSpy done(&dialog, &SettingsDialog::applied);
    dialog.apply();
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, settingsSlowMs);
    QVERIFY2(done.first().first().toBool(), qPrintable(done.first().at(1).toString()));
}

inline QStringList visibleTexts(const QWidget &root)
{
    QStringList out{root.windowTitle()};
    for (const QWidget *w : root.findChildren<QWidget *>()) {
        out << w->toolTip() << w->accessibleName() << w->accessibleDescription() << w->whatsThis()
            << w->statusTip();
        if (auto *label = qobject_cast<const QLabel *>(w))
            out << label->text();
        if (auto *edit = qobject_cast<const QLineEdit *>(w))
            out << edit->text() << edit->placeholderText() << edit->displayText();
        if (auto *button = qobject_cast<const QAbstractButton *>(w))
            out << button->text();
        if (auto *box = qobject_cast<const QGroupBox *>(w))
            out << box->title();
    }
    return out;
}

} // namespace hawkmoth::test

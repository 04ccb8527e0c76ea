#include "AccessibleNames.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QLineEdit>
#include <QTabBar>

namespace hawkmoth {

void enableClearButton(QLineEdit *edit)
{
    const auto buttons = [edit] {
        return edit->findChildren<QAbstractButton *>(Qt::FindDirectChildrenOnly);
    };
    const QList<QAbstractButton *> before = buttons();
    edit->setClearButtonEnabled(true);
    // Qt draws it from an icon alone.
    for (QAbstractButton *button : buttons()) {
        if (!before.contains(button))
            button->setAccessibleName(QCoreApplication::translate("AccessibleNames", "Clear"));
    }
}

void nameCloseButton(QTabBar *bar, int index, const QString &title)
{
    // The style puts it on the left or the right.
    for (QTabBar::ButtonPosition side : {QTabBar::LeftSide, QTabBar::RightSide}) {
        if (QWidget *button = bar->tabButton(index, side))
            button->setAccessibleName(
                QCoreApplication::translate("AccessibleNames", "Close %1").arg(title));
    }
}

} // namespace hawkmoth

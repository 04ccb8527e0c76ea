#pragma once
// Names for the parts Qt's widgets create without one (a line edit's clear button, a tab's close
// button), which a screen reader would otherwise announce as an unnamed button.

class QLineEdit;
class QString;
class QTabBar;

namespace hawkmoth {

// Turns on edit's clear button, named "Clear".
void enableClearButton(QLineEdit *edit);
// Names the close button of tab index "Close <title>".
void nameCloseButton(QTabBar *bar, int index, const QString &title);

} // namespace hawkmoth

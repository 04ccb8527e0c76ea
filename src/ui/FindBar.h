#pragma once
// The find and replace bar under an editor (Ctrl+F, Ctrl+H): searches as you type, Enter for the
// next match and Shift+Enter for the previous, Escape to close and return to the text.

#include "CodeEditor.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace hawkmoth {

class FindBar : public QWidget
{
    Q_OBJECT

public:
    explicit FindBar(CodeEditor &editor, QWidget *parent = nullptr);

    // Shows the bar with the editor's selection as the search text; withReplace shows the
    // replace row too.
    void open(bool withReplace);
    void findNext();
    void findPrevious();
    void replaceOne();
    int replaceAll();
    QLineEdit *findField() const { return m_find; }
    QLineEdit *replaceField() const { return m_replace; }
    QString statusText() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    SearchOptions options() const;
    void search(bool forward);
    void setStatus(const QString &text, bool problem = false);

    CodeEditor &m_editor;
    QLineEdit *m_find;
    QLineEdit *m_replace;
    QWidget *m_replaceRow;
    QCheckBox *m_case;
    QCheckBox *m_word;
    QCheckBox *m_regex;
    QLabel *m_status;
};

} // namespace hawkmoth

#include "FindBar.h"

#include "AccessibleNames.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace hawkmoth {

FindBar::FindBar(CodeEditor &editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_find(new QLineEdit(this))
    , m_replace(new QLineEdit(this))
    , m_replaceRow(new QWidget(this))
    , m_case(new QCheckBox(tr("Match case"), this))
    , m_word(new QCheckBox(tr("Whole words"), this))
    , m_regex(new QCheckBox(tr("Regular expression"), this))
    , m_status(new QLabel(this))
{
    m_find->setPlaceholderText(tr("Find"));
    m_find->setAccessibleName(tr("Find text"));
    enableClearButton(m_find);
    m_replace->setPlaceholderText(tr("Replace with"));
    m_replace->setAccessibleName(tr("Replacement text"));
    m_find->installEventFilter(this);
    m_replace->installEventFilter(this);

    auto *previous = new QPushButton(tr("Previous"), this);
    auto *next = new QPushButton(tr("Next"), this);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close the find bar (Escape)"));
    close->setAccessibleName(tr("Close find bar"));
    auto *replaceOne = new QPushButton(tr("Replace"), m_replaceRow);
    auto *replaceAll = new QPushButton(tr("Replace all"), m_replaceRow);

    auto *findRow = new QHBoxLayout;
    findRow->addWidget(m_find, 1);
    findRow->addWidget(previous);
    findRow->addWidget(next);
    findRow->addWidget(m_case);
    findRow->addWidget(m_word);
    findRow->addWidget(m_regex);
    findRow->addWidget(m_status);
    findRow->addWidget(close);
    auto *replaceLayout = new QHBoxLayout(m_replaceRow);
    replaceLayout->setContentsMargins(0, 0, 0, 0);
    replaceLayout->addWidget(m_replace, 1);
    replaceLayout->addWidget(replaceOne);
    replaceLayout->addWidget(replaceAll);
    replaceLayout->addStretch(0);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setVerticalSpacing(2);
    layout->addLayout(findRow, 0, 0);
    layout->addWidget(m_replaceRow, 1, 0);

    connect(m_find, &QLineEdit::textEdited, this, [this] {
        // Search as you type from where the last match began, so typing refines it in place.
        int line = 0;
        int index = 0;
        int lineTo = 0;
        int indexTo = 0;
        if (m_editor.hasSelectedText()) {
            m_editor.getSelection(&line, &index, &lineTo, &indexTo);
            m_editor.setCursorPosition(line, index);
        }
        search(true);
    });
    connect(next, &QPushButton::clicked, this, &FindBar::findNext);
    connect(previous, &QPushButton::clicked, this, &FindBar::findPrevious);
    connect(replaceOne, &QPushButton::clicked, this, &FindBar::replaceOne);
    connect(replaceAll, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        m_editor.setFocus();
    });
    hide();
}

void FindBar::open(bool withReplace)
{
    if (m_editor.hasSelectedText() && !m_editor.selectedText().contains(QLatin1Char('\n')))
        m_find->setText(m_editor.selectedText());
    m_replaceRow->setVisible(withReplace && !m_editor.isReadOnly());
    setStatus({});
    show();
    m_find->setFocus();
    m_find->selectAll();
}

SearchOptions FindBar::options() const
{
    return {m_case->isChecked(), m_word->isChecked(), m_regex->isChecked()};
}

void FindBar::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    QPalette pal = palette();
    if (problem)
        pal.setColor(QPalette::WindowText, QColor(0xc0, 0x30, 0x30));
    m_status->setPalette(pal);
}

QString FindBar::statusText() const
{
    return m_status->text();
}

void FindBar::search(bool forward)
{
    if (m_find->text().isEmpty()) {
        setStatus({});
        return;
    }
    if (m_editor.findText(m_find->text(), options(), forward))
        setStatus({});
    else
        setStatus(tr("No matches"), true);
}

void FindBar::findNext()
{
    search(true);
}

void FindBar::findPrevious()
{
    search(false);
}

void FindBar::replaceOne()
{
    if (!m_editor.replaceSelection(m_find->text(), m_replace->text(), options()))
        setStatus(tr("No more matches"), true);
    else
        setStatus({});
}

int FindBar::replaceAll()
{
    const int count = m_editor.replaceEverywhere(m_find->text(), m_replace->text(), options());
    setStatus(count == 0 ? tr("No matches") : tr("%n replaced", nullptr, count), count == 0);
    return count;
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        m_editor.setFocus();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (watched == m_replace)
                replaceOne();
            else if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hawkmoth

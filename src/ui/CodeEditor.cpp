#include "CodeEditor.h"

#include "EditorLexers.h"

#include <Qsci/qscilexer.h>

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFontDatabase>
#include <QMimeData>
#include <QRegularExpression>

namespace hawkmoth {

namespace {

QColor blend(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amountOfB) + b.redF() * amountOfB),
                            float(a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB),
                            float(a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB));
}

} // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QsciScintilla(parent)
    , m_font(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    setUtf8(true);
    setFont(m_font);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginLineNumbers(0, true);
    setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setCaretLineVisible(true);
    setAutoIndent(true);
    setIndentationsUseTabs(false);
    setTabWidth(4);
    setIndentationGuides(true);
    setWrapMode(QsciScintilla::WrapNone);
    // The horizontal scroll bar only once a line is wider than the view.
    SendScintilla(SCI_SETSCROLLWIDTH, 1);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1);
    // Scintilla's own context menu and key map stay; the window's shortcuts (save, find) are
    // not Scintilla commands, so they reach the window.
    connect(this, &QsciScintilla::linesChanged, this, &CodeEditor::updateMarginWidth);
    applyTheme();
    updateMarginWidth();
}

void CodeEditor::setFileName(const QString &path)
{
    QsciLexer *old = lexer();
    QsciLexer *next = EditorLexers::create(path, this);
    setLexer(next);
    if (old)
        old->deleteLater();
    applyTheme();
}

QString CodeEditor::language() const
{
    return lexer() ? QString::fromLatin1(lexer()->language()) : QString();
}

void CodeEditor::setContent(const QString &text)
{
    int line = 0;
    int index = 0;
    getCursorPosition(&line, &index);
    const int top = firstVisibleLine();
    const bool wasReadOnly = isReadOnly();
    setReadOnly(false);
    setEolMode(text.contains(QLatin1String("\r\n")) ? QsciScintilla::EolWindows
                                                    : QsciScintilla::EolUnix);
    setText(text);
    setReadOnly(wasReadOnly);
    SendScintilla(SCI_EMPTYUNDOBUFFER);
    setModified(false);
    line = qMin(line, qMax(0, lines() - 1));
    setCursorPosition(line, qMin(index, lineLength(line)));
    setFirstVisibleLine(top);
}

bool CodeEditor::selectionMatches(const QString &text, const SearchOptions &options)
{
    if (!hasSelectedText())
        return false;
    const QString selected = selectedText();
    if (options.regularExpression) {
        QRegularExpression re(QRegularExpression::anchoredPattern(text),
                              options.caseSensitive ? QRegularExpression::NoPatternOption
                                                    : QRegularExpression::CaseInsensitiveOption);
        return re.match(selected).hasMatch();
    }
    return selected.compare(text,
                            options.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive) == 0;
}

bool CodeEditor::findText(const QString &text, const SearchOptions &options, bool forward)
{
    if (text.isEmpty())
        return false;
    int line = -1;
    int index = -1;
    if (!forward && hasSelectedText()) {
        // Backwards from the start of the current match, or it would be found again.
        int lineTo = 0;
        int indexTo = 0;
        getSelection(&line, &index, &lineTo, &indexTo);
    }
    return findFirst(text, options.regularExpression, options.caseSensitive, options.wholeWord,
                     true, forward, line, index, true, false, true);
}

bool CodeEditor::replaceSelection(const QString &text, const QString &with,
                                  const SearchOptions &options)
{
    if (isReadOnly())
        return false;
    if (selectionMatches(text, options)) {
        // Find from the start of the match so QScintilla's replace() knows what it matched.
        int line = 0;
        int index = 0;
        int lineTo = 0;
        int indexTo = 0;
        getSelection(&line, &index, &lineTo, &indexTo);
        if (findFirst(text, options.regularExpression, options.caseSensitive, options.wholeWord,
                      false, true, line, index, true, false, true))
            replace(with);
    }
    return findText(text, options, true);
}

int CodeEditor::replaceEverywhere(const QString &text, const QString &with,
                                  const SearchOptions &options)
{
    if (text.isEmpty() || isReadOnly())
        return 0;
    int count = 0;
    beginUndoAction();
    bool found = findFirst(text, options.regularExpression, options.caseSensitive,
                           options.wholeWord, false, true, 0, 0, false, false, true);
    // An expression that matches the empty string would match forever at one place.
    const int limit = qMax(1, length() + 1);
    while (found && count < limit) {
        replace(with);
        ++count;
        found = findNext();
    }
    endUndoAction();
    return count;
}

void CodeEditor::goToLine(int line)
{
    const int target = qBound(1, line, qMax(1, lines())) - 1;
    setCursorPosition(target, 0);
    ensureLineVisible(target);
    setFocus();
}

int CodeEditor::currentLineNumber() const
{
    int line = 0;
    int index = 0;
    getCursorPosition(&line, &index);
    return line + 1;
}

void CodeEditor::changeEvent(QEvent *event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void CodeEditor::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->ignore(); // on to the parents
    else
        QsciScintilla::dragEnterEvent(event);
}

void CodeEditor::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->ignore();
    else
        QsciScintilla::dragMoveEvent(event);
}

void CodeEditor::dropEvent(QDropEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->ignore();
    else
        QsciScintilla::dropEvent(event);
}

void CodeEditor::applyTheme()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const QColor window = pal.color(QPalette::Window);
    const QColor highlight = pal.color(QPalette::Highlight);
    if (QsciLexer *current = lexer())
        EditorLexers::applyPalette(*current, pal, m_font);
    setPaper(base);
    setColor(text);
    setMarginsFont(m_font);
    setMarginsBackgroundColor(window);
    setMarginsForegroundColor(blend(window, pal.color(QPalette::WindowText), 0.55));
    setFoldMarginColors(window, window);
    setCaretForegroundColor(text);
    setCaretLineBackgroundColor(blend(base, highlight, EditorLexers::isDark(pal) ? 0.2 : 0.12));
    // The fold markers (Scintilla's marker numbers 25 to 31): boxes of the paper's colour drawn
    // in a muted text colour, instead of white boxes on a dark margin.
    for (int marker = int(SC_MARKNUM_FOLDEREND); marker <= int(SC_MARKNUM_FOLDEROPEN); ++marker) {
        setMarkerForegroundColor(base, marker);
        setMarkerBackgroundColor(blend(base, text, 0.5), marker);
    }
    setSelectionBackgroundColor(highlight);
    setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    setMatchedBraceBackgroundColor(blend(base, highlight, 0.35));
    setMatchedBraceForegroundColor(text);
    setUnmatchedBraceForegroundColor(QColor(0xd0, 0x30, 0x30));
    setIndentationGuidesBackgroundColor(base);
    setIndentationGuidesForegroundColor(blend(base, text, 0.2));
    updateMarginWidth();
}

void CodeEditor::updateMarginWidth()
{
    // Room for the widest line number and a little air, so the numbers never clip.
    const int digits = QString::number(qMax(1, lines())).size();
    setMarginWidth(0, QString(digits + 1, QLatin1Char('9')));
}

} // namespace hawkmoth

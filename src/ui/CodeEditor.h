#pragma once
// The one QScintilla setup every text view shares (editor tabs, history versions, diffs): line
// numbers, folding, brace matching, the current line, a lexer by file name and colours that follow
// the palette; plus the searching the find bar and "go to line" ask for.

#include <Qsci/qsciscintilla.h>

namespace hawkmoth {

struct SearchOptions
{
    bool caseSensitive = false;
    bool wholeWord = false;
    bool regularExpression = false;
};

class CodeEditor : public QsciScintilla
{
    Q_OBJECT

public:
    explicit CodeEditor(QWidget *parent = nullptr);

    // Chooses the lexer for this file name (plain text when none fits).
    void setFileName(const QString &path);
    // The lexer's language ("Python", …); empty for plain text.
    QString language() const;
    // Replaces the whole text as loaded from disk: no undo step back to the old text, the caret
    // kept near where it was, line endings taken from the content, and the buffer clean.
    void setContent(const QString &text);

    // Selects the next (or previous) match from the caret, wrapping around; false when none.
    bool findText(const QString &text, const SearchOptions &options, bool forward);
    // Replaces the selected match (when it is one) and finds the next; false when none is left.
    bool replaceSelection(const QString &text, const QString &with, const SearchOptions &options);
    // Replaces every match as one undo step; returns how many.
    int replaceEverywhere(const QString &text, const QString &with, const SearchOptions &options);
    // 1-based; clamped to the text's lines.
    void goToLine(int line);
    int currentLineNumber() const;

protected:
    void changeEvent(QEvent *event) override;
    // Files dropped on the text go to the editor area, which opens them, instead of being
    // pasted as their paths.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void applyTheme();
    void updateMarginWidth();
    bool selectionMatches(const QString &text, const SearchOptions &options);

    QFont m_font;
};

} // namespace hawkmoth

#pragma once
// Picks the QScintilla lexer for a file by its name and colours it from the widget palette, so a
// light and a dark theme go through one code path.

#include <QPalette>
#include <QString>

class QObject;
class QsciLexer;

namespace hawkmoth {

class EditorLexers
{
public:
    // The language shown for path ("Python", "JSON", …); empty for plain text.
    static QString languageFor(const QString &path);
    // A new lexer for path, or null for plain text.
    static QsciLexer *create(const QString &path, QObject *parent);
    // Paper and text from palette for every style; on a dark palette the lexer's syntax colours
    // are mirrored in lightness so they stay readable.
    static void applyPalette(QsciLexer &lexer, const QPalette &palette, const QFont &font);
    static bool isDark(const QPalette &palette);
};

} // namespace hawkmoth

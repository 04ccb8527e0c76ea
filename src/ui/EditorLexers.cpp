#include "EditorLexers.h"

#include <Qsci/qscilexerbash.h>
#include <Qsci/qscilexercmake.h>
#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexercss.h>
#include <Qsci/qscilexerdiff.h>
#include <Qsci/qscilexerhtml.h>
#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexermakefile.h>
#include <Qsci/qscilexermarkdown.h>
#include <Qsci/qscilexerproperties.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qscilexerxml.h>
#include <Qsci/qscilexeryaml.h>

#include <QFileInfo>
#include <QHash>

#include <algorithm>

#include <memory>
#include <optional>

namespace hawkmoth {

namespace {

enum class Language
{
    None,
    Python,
    JavaScript,
    TypeScript,
    Html,
    Css,
    Markdown,
    Json,
    Yaml,
    Cpp,
    Shell,
    Xml,
    Diff,
    CMake,
    Makefile,
    Ini,
    Sql,
};

Language languageOf(const QString &path)
{
    static const QHash<QString, Language> bySuffix = {
        {QStringLiteral("py"), Language::Python},
        {QStringLiteral("pyw"), Language::Python},
        {QStringLiteral("pyi"), Language::Python},
        {QStringLiteral("js"), Language::JavaScript},
        {QStringLiteral("mjs"), Language::JavaScript},
        {QStringLiteral("cjs"), Language::JavaScript},
        {QStringLiteral("jsx"), Language::JavaScript},
        {QStringLiteral("ts"), Language::TypeScript},
        {QStringLiteral("tsx"), Language::TypeScript},
        {QStringLiteral("html"), Language::Html},
        {QStringLiteral("htm"), Language::Html},
        {QStringLiteral("css"), Language::Css},
        {QStringLiteral("scss"), Language::Css},
        {QStringLiteral("md"), Language::Markdown},
        {QStringLiteral("markdown"), Language::Markdown},
        {QStringLiteral("json"), Language::Json},
        {QStringLiteral("yml"), Language::Yaml},
        {QStringLiteral("yaml"), Language::Yaml},
        {QStringLiteral("c"), Language::Cpp},
        {QStringLiteral("h"), Language::Cpp},
        {QStringLiteral("cc"), Language::Cpp},
        {QStringLiteral("cpp"), Language::Cpp},
        {QStringLiteral("cxx"), Language::Cpp},
        {QStringLiteral("hpp"), Language::Cpp},
        {QStringLiteral("hh"), Language::Cpp},
        {QStringLiteral("hxx"), Language::Cpp},
        {QStringLiteral("sh"), Language::Shell},
        {QStringLiteral("bash"), Language::Shell},
        {QStringLiteral("zsh"), Language::Shell},
        {QStringLiteral("xml"), Language::Xml},
        {QStringLiteral("svg"), Language::Xml},
        {QStringLiteral("ui"), Language::Xml},
        {QStringLiteral("qrc"), Language::Xml},
        {QStringLiteral("diff"), Language::Diff},
        {QStringLiteral("patch"), Language::Diff},
        {QStringLiteral("cmake"), Language::CMake},
        {QStringLiteral("mk"), Language::Makefile},
        {QStringLiteral("ini"), Language::Ini},
        {QStringLiteral("toml"), Language::Ini},
        {QStringLiteral("cfg"), Language::Ini},
        {QStringLiteral("sql"), Language::Sql},
    };
    const QString name = QFileInfo(path).fileName();
    if (name == QLatin1String("CMakeLists.txt"))
        return Language::CMake;
    if (name == QLatin1String("Makefile") || name == QLatin1String("GNUmakefile"))
        return Language::Makefile;
    if (name == QLatin1String(".bashrc") || name == QLatin1String(".profile"))
        return Language::Shell;
    return bySuffix.value(QFileInfo(name).suffix().toLower(), Language::None);
}

// The same hue with its lightness mirrored, and never darker than a readable minimum: dark
// syntax colours become light ones on a dark paper.
QColor forDarkPaper(const QColor &colour)
{
    float h = 0;
    float s = 0;
    float l = 0;
    colour.getHslF(&h, &s, &l);
    const float mirrored = l < 0.5f ? 1.0f - l * 0.8f : l;
    return QColor::fromHslF(h, s, std::clamp(mirrored, 0.68f, 0.9f));
}

// Colours a lexer's own defaults get wrong for us: QScintilla draws a diff's added and removed
// lines in two blues, where every diff tool uses green and red.
std::optional<QColor> preferredColour(const QsciLexer &lexer, int style)
{
    if (!qobject_cast<const QsciLexerDiff *>(&lexer))
        return std::nullopt;
    switch (style) {
    case QsciLexerDiff::LineAdded:
        return QColor(0x1a, 0x7f, 0x37);
    case QsciLexerDiff::LineRemoved:
        return QColor(0xc0, 0x20, 0x28);
    case QsciLexerDiff::Header:
        return QColor(0x6e, 0x40, 0xaa);
    case QsciLexerDiff::Position:
        return QColor(0x05, 0x50, 0xae);
    default:
        return std::nullopt;
    }
}

} // namespace

QString EditorLexers::languageFor(const QString &path)
{
    switch (languageOf(path)) {
    case Language::None:
        return {};
    case Language::TypeScript:
        return QStringLiteral("TypeScript");
    case Language::Ini:
        return QStringLiteral("Properties");
    default:
        break;
    }
    const std::unique_ptr<QsciLexer> lexer(create(path, nullptr)); // only asked its name
    return QString::fromLatin1(lexer->language());
}

QsciLexer *EditorLexers::create(const QString &path, QObject *parent)
{
    switch (languageOf(path)) {
    case Language::None:
        return nullptr;
    case Language::Python:
        return new QsciLexerPython(parent);
    case Language::JavaScript:
    case Language::TypeScript:
        return new QsciLexerJavaScript(parent);
    case Language::Html:
        return new QsciLexerHTML(parent);
    case Language::Css:
        return new QsciLexerCSS(parent);
    case Language::Markdown:
        return new QsciLexerMarkdown(parent);
    case Language::Json:
        return new QsciLexerJSON(parent);
    case Language::Yaml:
        return new QsciLexerYAML(parent);
    case Language::Cpp:
        return new QsciLexerCPP(parent);
    case Language::Shell:
        return new QsciLexerBash(parent);
    case Language::Xml:
        return new QsciLexerXML(parent);
    case Language::Diff:
        return new QsciLexerDiff(parent);
    case Language::CMake:
        return new QsciLexerCMake(parent);
    case Language::Makefile:
        return new QsciLexerMakefile(parent);
    case Language::Ini:
        return new QsciLexerProperties(parent);
    case Language::Sql:
        return new QsciLexerSQL(parent);
    }
    return nullptr;
}

bool EditorLexers::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

void EditorLexers::applyPalette(QsciLexer &lexer, const QPalette &palette, const QFont &font)
{
    const bool dark = isDark(palette);
    const QColor paper = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    lexer.setDefaultPaper(paper);
    lexer.setDefaultColor(text);
    lexer.setDefaultFont(font);
    // Styles are numbered up to 127 (the rest are Scintilla's own); unnamed ones are unused.
    for (int style = 0; style < 128; ++style) {
        if (lexer.description(style).isEmpty())
            continue;
        QColor colour = preferredColour(lexer, style).value_or(lexer.defaultColor(style));
        if (colour == Qt::black)
            colour = text;
        else if (dark)
            colour = forDarkPaper(colour);
        lexer.setColor(colour, style);
        QColor background = lexer.defaultPaper(style);
        // A style with its own background (a diff's added line, a here-document) keeps a tint of
        // it over the palette's paper rather than a white block on a dark editor.
        if (background == Qt::white || !background.isValid()) {
            background = paper;
        } else if (dark) {
            background = QColor::fromRgbF(paper.redF() * 0.8f + background.redF() * 0.2f,
                                          paper.greenF() * 0.8f + background.greenF() * 0.2f,
                                          paper.blueF() * 0.8f + background.blueF() * 0.2f);
        }
        lexer.setPaper(background, style);
        QFont styleFont = font;
        const QFont own = lexer.defaultFont(style);
        styleFont.setBold(own.bold());
        styleFont.setItalic(own.italic());
        lexer.setFont(styleFont, style);
    }
}

} // namespace hawkmoth

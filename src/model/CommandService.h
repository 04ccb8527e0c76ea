#pragma once
// What the command bar needs from the command language, which lives in src/app above the widgets:
// run one typed line off the GUI thread, and offer completions. src/app implements it
// (AppCommandService); the window hands the implementation to the bar.

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace hawkmoth {

// One answer, as the command line prints it, and as a table when it is one.
struct CommandReply
{
    bool ok = true;
    QString text;            // the CLI's text; the error message when !ok
    QString caption;         // a line above the table (when headers is not empty)
    QStringList headers;     // the table's columns; empty when the answer is plain text
    QList<QStringList> rows; // one cell per column

    bool isTable() const { return !headers.isEmpty(); }
    static CommandReply failure(const QString &message) { return {false, message, {}, {}, {}}; }
};

class CommandService : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Runs the line in the command language; the future finishes off the GUI thread.
    virtual QFuture<CommandReply> run(const QString &line) = 0;
    // Whole-line completions for the text before cursor (commands, workspace names, paths),
    // from what the service knows now; it never touches the disk on the caller's thread.
    virtual QStringList completions(const QString &line, int cursor) const = 0;

Q_SIGNALS:
    // What completions() can offer grew (a folder listing arrived, a workspace was added).
    void completionsChanged();
};

} // namespace hawkmoth

#pragma once
// The command bar: a chat-style console for the command language. A line typed below runs through
// the CommandService off the GUI thread; the transcript above shows each command and its answer as
// text or a table, errors set apart. Up and Down recall earlier lines (kept across runs), Tab
// completes commands, workspace names and paths.

#include <QFuture>
#include <QHash>
#include <QPointer>
#include <QWidget>

class QCompleter;
class QLineEdit;
class QStringListModel;
class QTextBrowser;
class QTextFrame;

namespace hawkmoth {

class CommandHistory;
class CommandService;
struct CommandReply;

class CommandBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int maxTableRows = 500; // a longer answer says how many rows it left out

    explicit CommandBar(CommandService &service, QWidget *parent = nullptr);
    ~CommandBar() override;

    // Where the typed lines are kept; by default <data root>/command-history.
    void setHistoryFile(const QString &file);
    CommandHistory &history() { return *m_history; }
    QLineEdit *input() const { return m_input; }
    QTextBrowser *transcript() const { return m_transcript; }
    int runningCount() const { return int(m_running.size()); }

public Q_SLOTS:
    // Runs line as if typed (the window's menus may use it too).
    void execute(const QString &line);
    void clearTranscript();

Q_SIGNALS:
    void commandFinished(const QString &line, bool ok);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void submit();
    void showReply(int id, const QString &line, const CommandReply &reply);
    void updateCompletions(bool showPopup);
    void insertCompletion(const QString &completion);
    void appendWelcome();
    QString replyHtml(const CommandReply &reply) const;

    CommandService &m_service;
    QTextBrowser *m_transcript;
    QLineEdit *m_input;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    CommandHistory *m_history;
    int m_nextId = 0;
    QHash<int, QPointer<QTextFrame>> m_running; // the answer's place while the command runs
};

} // namespace hawkmoth

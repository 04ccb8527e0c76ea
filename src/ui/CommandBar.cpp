#include "CommandBar.h"

#include "AccessibleNames.h"
#include "CommandHistory.h"
#include "CommandService.h"
#include "FutureGuard.h"
#include "Paths.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLineEdit>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextFrame>
#include <QVBoxLayout>

namespace hawkmoth {

namespace {

// Colours from the palette, so the light and the dark theme are one code path.
struct Tones
{
    QString muted;
    QString accent;
    QString error;
    QColor errorBackground;
    QString header;
    QString grid;
};

Tones tones(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return {palette.color(QPalette::PlaceholderText).name(),
            palette.color(QPalette::Highlight).name(),
            dark ? QStringLiteral("#ff8a80") : QStringLiteral("#b71c1c"),
            dark ? QColor(0x4a, 0x1c, 0x1c) : QColor(0xfd, 0xec, 0xea),
            palette.color(QPalette::AlternateBase).name(),
            palette.color(QPalette::Mid).name()};
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

CommandBar::CommandBar(CommandService &service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_transcript(new QTextBrowser(this))
    , m_input(new QLineEdit(this))
    , m_completer(new QCompleter(this))
    , m_completions(new QStringListModel(this))
    , m_history(new CommandHistory(this))
{
    m_transcript->setObjectName(QStringLiteral("commandTranscript"));
    m_transcript->setAccessibleName(tr("Command transcript"));
    m_transcript->setOpenLinks(false);
    m_transcript->setUndoRedoEnabled(false);
    m_transcript->document()->setDocumentMargin(8);
    m_input->setObjectName(QStringLiteral("commandInput"));
    m_input->setAccessibleName(tr("Command"));
    m_input->setPlaceholderText(tr("Type a command (help lists them); Tab completes, Up recalls"));
    enableClearButton(m_input);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_input->setFont(fixed);

    m_completer->setModel(m_completions);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setMaxVisibleItems(12);
    m_completer->setWidget(m_input);
    m_completer->popup()->setAccessibleName(tr("Completions"));
    m_completer->popup()->setFont(fixed);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &CommandBar::insertCompletion);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_transcript, 1);
    layout->addWidget(m_input);
    setFocusProxy(m_input);

    m_input->installEventFilter(this);
    connect(m_input, &QLineEdit::returnPressed, this, &CommandBar::submit);
    connect(m_input, &QLineEdit::textEdited, this, [this] {
        m_history->stopBrowsing();
        updateCompletions(!m_input->text().isEmpty());
    });
    // A folder listing or a workspace arrived: offer it if the popup is open.
    // The input being its window's focus widget, not hasFocus(): the popup's window takes the
    // activation while it shows.
    connect(&m_service, &CommandService::completionsChanged, this, [this] {
        if (m_completer->popup()->isVisible() || m_input->window()->focusWidget() == m_input)
            updateCompletions(m_completer->popup()->isVisible() || !m_input->text().isEmpty());
    });
    appendWelcome();
    setHistoryFile(Paths::fromEnvironment().dataRoot() + QStringLiteral("/command-history"));
}

CommandBar::~CommandBar() = default;

void CommandBar::setHistoryFile(const QString &file)
{
    m_history->setFile(file);
}

void CommandBar::appendWelcome()
{
    const Tones t = tones(palette());
    m_transcript->setHtml(
        QStringLiteral("<p style=\"color:%1\">%2</p>")
            .arg(t.muted, escaped(tr("Type a command and press Enter: 'list files', 'storage "
                                     "status', 'create project NAME', or 'help' for all of "
                                     "them."))));
}

void CommandBar::clearTranscript()
{
    m_running.clear();
    appendWelcome();
}

void CommandBar::submit()
{
    const QString line = m_input->text().trimmed();
    if (line.isEmpty())
        return;
    m_completer->popup()->hide();
    m_history->add(line);
    m_input->clear();
    execute(line);
}

void CommandBar::execute(const QString &line)
{
    const Tones t = tones(palette());
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock();
    cursor.insertHtml(QStringLiteral("<span style=\"color:%1; font-weight:bold\">&#x203A;</span> "
                                     "<span style=\"font-family:monospace; font-weight:bold\">%2"
                                     "</span>")
                          .arg(t.accent, escaped(line)));
    QTextFrameFormat format;
    format.setLeftMargin(14);
    format.setTopMargin(2);
    format.setBottomMargin(6);
    format.setPadding(2);
    QTextFrame *frame = cursor.insertFrame(format);
    QTextCursor inside = frame->firstCursorPosition();
    inside.insertHtml(QStringLiteral("<span style=\"color:%1; font-style:italic\">%2</span>")
                          .arg(t.muted, escaped(tr("running…"))));
    const int id = m_nextId++;
    m_running.insert(id, frame);
    m_transcript->verticalScrollBar()->setValue(m_transcript->verticalScrollBar()->maximum());
    onResult(m_service.run(line), this,
             [this, id, line](const CommandReply &reply) { showReply(id, line, reply); });
}

QString CommandBar::replyHtml(const CommandReply &reply) const
{
    const Tones t = tones(palette());
    if (!reply.ok)
        return QStringLiteral("<span style=\"color:%1\"><b>%2</b> %3</span>")
            .arg(t.error, escaped(tr("Error:")),
                 escaped(reply.text).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    if (!reply.isTable()) {
        if (reply.text.isEmpty())
            return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(t.muted, tr("done"));
        return QStringLiteral("<pre style=\"margin:0\">%1</pre>").arg(escaped(reply.text));
    }
    QString html;
    if (!reply.caption.isEmpty())
        html += QStringLiteral("<p style=\"margin:0 0 4px 0\">%1</p>").arg(escaped(reply.caption));
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"4\" border=\"1\" "
                           "style=\"border-collapse:collapse; border-color:%1\"><tr>")
                .arg(t.grid);
    for (const QString &h : reply.headers)
        html +=
            QStringLiteral("<th align=\"left\" bgcolor=\"%1\">%2</th>").arg(t.header, escaped(h));
    html += QStringLiteral("</tr>");
    const qsizetype shown = qMin<qsizetype>(reply.rows.size(), maxTableRows);
    for (qsizetype r = 0; r < shown; ++r) {
        html += QStringLiteral("<tr>");
        for (const QString &cell : reply.rows.at(r))
            html += QStringLiteral("<td>%1</td>").arg(escaped(cell));
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    if (reply.rows.isEmpty())
        html += QStringLiteral("<p style=\"color:%1\">%2</p>").arg(t.muted, tr("(empty)"));
    if (shown < reply.rows.size())
        html += QStringLiteral("<p style=\"color:%1\">%2</p>")
                    .arg(t.muted, tr("… and %1 more rows").arg(reply.rows.size() - shown));
    return html;
}

void CommandBar::showReply(int id, const QString &line, const CommandReply &reply)
{
    QPointer<QTextFrame> frame = m_running.take(id);
    if (frame) {
        QScrollBar *bar = m_transcript->verticalScrollBar();
        const bool atEnd = bar->value() >= bar->maximum() - 4;
        QTextCursor cursor = frame->firstCursorPosition();
        cursor.setPosition(frame->lastCursorPosition().position(), QTextCursor::KeepAnchor);
        cursor.insertHtml(replyHtml(reply));
        if (!reply.ok) {
            const Tones t = tones(palette());
            QTextFrameFormat format = frame->frameFormat();
            format.setBackground(t.errorBackground);
            format.setBorder(1);
            format.setBorderBrush(QColor(t.error));
            format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
            format.setPadding(4);
            frame->setFrameFormat(format);
        }
        if (atEnd)
            bar->setValue(bar->maximum());
    }
    Q_EMIT commandFinished(line, reply.ok);
}

void CommandBar::updateCompletions(bool showPopup)
{
    const int cursor = m_input->cursorPosition();
    const QStringList offered = m_service.completions(m_input->text(), cursor);
    m_completions->setStringList(offered);
    m_completer->setCompletionPrefix(m_input->text().left(cursor));
    if (!showPopup || m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = m_input->rect();
    rect.setWidth(qMax(rect.width() / 2, 320));
    m_completer->complete(rect);
}

void CommandBar::insertCompletion(const QString &completion)
{
    const int cursor = m_input->cursorPosition();
    m_input->setText(completion + m_input->text().mid(cursor));
    m_input->setCursorPosition(int(completion.size()));
    // The next word's choices (a path's folder, the argument after a command) right away.
    if (completion.endsWith(QLatin1Char(' ')) || completion.endsWith(QLatin1Char('/')))
        QMetaObject::invokeMethod(
            this, [this] { updateCompletions(true); }, Qt::QueuedConnection);
}

bool CommandBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_input || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (m_completer->popup()->isVisible())
        return false; // the completer's popup has the keys
    switch (key->key()) {
    case Qt::Key_Up:
        if (auto line = m_history->older(m_input->text()))
            m_input->setText(*line);
        return true;
    case Qt::Key_Down:
        if (auto line = m_history->newer())
            m_input->setText(*line);
        return true;
    case Qt::Key_Tab: {
        updateCompletions(false);
        if (m_completer->completionCount() == 1) {
            m_completer->setCurrentRow(0);
            insertCompletion(m_completer->currentCompletion());
        } else if (m_completer->completionCount() > 1) {
            updateCompletions(true);
        }
        return true;
    }
    case Qt::Key_Escape:
        if (!m_input->text().isEmpty()) {
            m_input->clear();
            m_history->stopBrowsing();
            return true;
        }
        return false;
    default:
        return false;
    }
}

void CommandBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Answers already shown keep their colours; the welcome follows a theme switch.
    if (event->type() == QEvent::PaletteChange && m_nextId == 0)
        appendWelcome();
}

} // namespace hawkmoth

#include "EditorTab.h"

#include "AmountText.h"
#include "CodeEditor.h"
#include "DownloadPanel.h"
#include "FileDetailsPanel.h"
#include "FindBar.h"
#include "FutureGuard.h"
#include "ProgressChannel.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QStringDecoder>
#include <QVBoxLayout>

namespace hawkmoth {

namespace {

// As the index decides it: a NUL byte in the first 8 KiB.
bool looksBinary(const QByteArray &content)
{
    return content.left(8192).contains('\0');
}

QString parentFolder(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

} // namespace

EditorTab::EditorTab(StorageCore &core, Workspace workspace, QString path,
                     std::function<EditorPrompts &()> prompts, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_workspace(std::move(workspace))
    , m_path(std::move(path))
    , m_prompts(std::move(prompts))
    , m_journal(core, m_workspace, m_path)
    , m_stack(new QStackedWidget(this))
    , m_textPage(new QWidget(m_stack))
    , m_banner(new QLabel(m_textPage))
    , m_editor(new CodeEditor(m_textPage))
    , m_findBar(new FindBar(*m_editor, m_textPage))
    , m_details(new FileDetailsPanel(m_stack))
    , m_download(new DownloadPanel(m_stack))
{
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    m_banner->hide();
    m_editor->setFileName(m_path);
    m_editor->setAccessibleName(tr("Editor: %1").arg(m_path));
    auto *textLayout = new QVBoxLayout(m_textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    textLayout->setSpacing(0);
    textLayout->addWidget(m_banner);
    textLayout->addWidget(m_editor, 1);
    textLayout->addWidget(m_findBar);
    m_stack->addWidget(m_textPage);
    m_stack->addWidget(m_details);
    m_stack->addWidget(m_download);
    m_stack->setCurrentWidget(m_download);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setFocusProxy(m_editor);

    connect(m_editor, &QsciScintilla::textChanged, this, [this] { ++m_generation; });
    connect(m_editor, &QsciScintilla::modificationChanged, this, [this](bool modified) {
        // Undone back to the saved text: nothing is left to recover.
        if (!modified && m_journal.hasEntry() && !m_saving)
            discardJournal();
        Q_EMIT titleChanged();
    });
    connect(m_download, &DownloadPanel::cancelRequested, this, [this] {
        if (m_channel)
            m_channel->cancel();
    });
    connect(m_download, &DownloadPanel::retryRequested, this, [this] { open(m_restored); });
}

EditorTab::~EditorTab()
{
    if (m_channel)
        m_channel->cancel(); // a download nobody waits for any more
}

bool EditorTab::isModified() const
{
    return m_state == State::Text && (m_editor->isModified() || m_unsavedFile);
}

bool EditorTab::isReadOnly() const
{
    return m_readOnly || m_state != State::Text;
}

QString EditorTab::title() const
{
    QString name = QFileInfo(m_path).fileName();
    if (m_readOnly && m_state == State::Text)
        name += tr(" (read-only)");
    return isModified() ? name + QLatin1Char('*') : name;
}

QString EditorTab::banner() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void EditorTab::setBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void EditorTab::open(const std::optional<QByteArray> &restoredText)
{
    m_restored = restoredText;
    if (restoredText)
        m_journal.setHasEntry(true);
    m_state = State::Loading;
    m_download->start(m_path);
    m_download->cancelButton()->hide(); // nothing to cancel until a download starts
    m_stack->setCurrentWidget(m_download);
    // The index row says what the file is (remote-only, binary, large) before any byte is read;
    // listing its folder costs what that folder holds.
    onResult(m_core.files().list(m_workspace, parentFolder(m_path), false), this,
             [this](const Result<Listing> &listing) {
                 std::optional<FileEntry> entry;
                 if (listing) {
                     for (const FileEntry &file : listing->files) {
                         if (file.path == m_path)
                             entry = file;
                     }
                 }
                 inspected(entry);
             });
}

void EditorTab::inspected(const std::optional<FileEntry> &entry)
{
    m_entry = entry;
    if (entry && entry->binary && entry->state != SyncState::RemoteOnly) {
        showDetails(*entry);
        return;
    }
    if (entry && entry->size > largeFileBytes) {
        if (!m_prompts().openLarge(this, m_path, entry->size)) {
            Q_EMIT closeRequested();
            return;
        }
        m_readOnly = true;
    }
    fetch();
}

void EditorTab::fetch()
{
    const bool remote = m_entry && m_entry->state == SyncState::RemoteOnly;
    OperationControl control;
    if (remote) {
        auto *channel = new ProgressChannel(this);
        m_channel = channel;
        connect(channel, &ProgressChannel::progressed, m_download, &DownloadPanel::setProgress);
        control = channel->control();
        m_state = State::Downloading;
        m_download->start(m_path);
        m_stack->setCurrentWidget(m_download);
    }
    onResult(m_core.files().load(m_workspace, m_path, control), this,
             [this](const Result<LoadedFile> &loaded) { fetched(loaded); });
}

void EditorTab::fetched(const Result<LoadedFile> &loaded)
{
    if (m_channel)
        m_channel->deleteLater();
    const bool reloading = std::exchange(m_reloading, false);
    if (!loaded) {
        if (loaded.error().code == ErrorCode::NotFound && m_restored) {
            // A recovered buffer of a file that was never saved: it starts as a new file.
            m_version.reset();
            showText({});
            return;
        }
        if (reloading && m_state == State::Text) {
            Q_EMIT errorOccurred(tr("Reloading %1 failed: %2").arg(m_path, loaded.error().message));
            return;
        }
        showFailure(loaded.error().code == ErrorCode::Cancelled
                        ? tr("The download of “%1” was cancelled.").arg(m_path)
                        : tr("“%1” could not be opened: %2").arg(m_path, loaded.error().message));
        return;
    }
    m_version = loaded->version;
    if (looksBinary(loaded->content)) {
        FileEntry entry = m_entry.value_or(FileEntry{});
        entry.path = m_path;
        entry.size = loaded->content.size();
        entry.sha256 = loaded->version.sha256.toLatin1();
        entry.binary = true;
        if (entry.state == SyncState::RemoteOnly)
            entry.state = SyncState::Synced; // it is on disk now
        showDetails(entry);
        return;
    }
    if (reloading && isModified()) {
        // Typed into while the reload ran: the user decides which text wins.
        if (!m_prompts().reloadChanged(this, m_path)) {
            m_declinedSha = m_version->sha256;
            return;
        }
    }
    showText(loaded->content);
}

void EditorTab::showText(const QByteArray &content)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(content);
    QString banner;
    if (utf8.hasError()) {
        // Saving would write UTF-8 back and change bytes the user never touched.
        m_readOnly = true;
        banner = tr("This file is not valid UTF-8 text; it is shown read-only so that saving "
                    "cannot change its bytes.");
    } else if (m_readOnly) {
        banner = tr("This file is %1, over the %2 editing limit: it is shown read-only.")
                     .arg(amounttext::bytes(content.size()), amounttext::bytes(largeFileBytes));
    }
    m_editor->setContent(text);
    m_editor->setReadOnly(m_readOnly);
    m_unsavedFile = false;
    setBanner(banner);
    m_state = State::Text;
    m_stack->setCurrentWidget(m_textPage);
    if (m_restored) {
        // The journal's text, as an unsaved edit over what is on disk.
        const QString restored = QString::fromUtf8(*m_restored);
        m_restored.reset();
        if (restored != text) {
            m_editor->selectAll();
            m_editor->replaceSelectedText(restored);
            m_editor->setCursorPosition(0, 0);
        }
        m_unsavedFile = !m_version; // a file that does not exist yet needs saving
    }
    Q_EMIT titleChanged();
    Q_EMIT loaded(m_path);
}

void EditorTab::showDetails(const FileEntry &entry)
{
    m_state = State::Binary;
    m_details->setEntry(entry);
    m_stack->setCurrentWidget(m_details);
    // The hub layer's status reads the manifest: it knows the dataset of a cloned workspace too.
    onResult(m_core.hub().layerStatus(m_workspace), this,
             [this](const Result<hub::LayerStatus> &status) {
                 if (status)
                     m_details->setDataset(status->dataset);
             });
    Q_EMIT titleChanged();
    Q_EMIT loaded(m_path);
}

void EditorTab::showFailure(const QString &message)
{
    m_state = State::Failed;
    m_download->showFailure(message);
    m_stack->setCurrentWidget(m_download);
    Q_EMIT titleChanged();
    Q_EMIT errorOccurred(message);
}

void EditorTab::reload()
{
    if (m_state != State::Text && m_state != State::Binary && m_state != State::Failed)
        return;
    if (m_state != State::Text) {
        open();
        return;
    }
    m_reloading = true;
    m_entry.reset();
    fetch();
}

} // namespace hawkmoth

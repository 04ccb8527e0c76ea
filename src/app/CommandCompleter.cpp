#include "CommandCompleter.h"

#include "FutureGuard.h"
#include "StorageCore.h"
#include "TemplateLibrary.h"
#include "WorkspaceName.h"

namespace hawkmoth {

namespace {

bool isPlaceholder(const QString &token)
{
    return token.startsWith(QLatin1Char('<')) && token.endsWith(QLatin1Char('>'));
}

// "{yes}" is typed as "yes"; "+recursive" is never typed.
QStringList phraseTokens(const QString &phrase)
{
    QStringList out;
    for (QString t : phrase.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (t.startsWith(QLatin1Char('+')))
            continue;
        if (t.startsWith(QLatin1Char('{')) && t.endsWith(QLatin1Char('}')))
            t = t.mid(1, t.size() - 2);
        out.append(t);
    }
    return out;
}

bool startsWith(const QString &text, const QString &prefix)
{
    return text.startsWith(prefix, Qt::CaseInsensitive);
}

} // namespace

CommandCompleter::CommandCompleter(StorageCore &core, const CommandCatalog &catalog,
                                   QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_catalog(catalog)
{
    const ChangeNotifier &changes = core.changes();
    connect(&changes, &ChangeNotifier::workspaceAdded, this, &CommandCompleter::loadWorkspaces);
    connect(&changes, &ChangeNotifier::workspaceRenamed, this, &CommandCompleter::loadWorkspaces);
    connect(&changes, &ChangeNotifier::workspaceRemoved, this, &CommandCompleter::loadWorkspaces);
    connect(&core, &StorageCore::workspacesChanged, this, &CommandCompleter::loadWorkspaces);
    connect(&changes, &ChangeNotifier::currentWorkspaceChanged, this, [this](const QString &name) {
        m_current = name;
        forgetFolders();
    });
    connect(&core, &StorageCore::currentWorkspaceChanged, this, [this](const QString &name) {
        m_current = name;
        forgetFolders();
    });
    // Folders are listed again when asked after a change; nothing is fetched ahead.
    auto filesMoved = [this](const QString &workspace) {
        if (WorkspaceName::same(workspace, m_current))
            forgetFolders();
    };
    connect(&changes, &ChangeNotifier::filesAdded, this, filesMoved);
    connect(&changes, &ChangeNotifier::filesRemoved, this, filesMoved);
    loadWorkspaces();
}

void CommandCompleter::forgetFolders()
{
    const bool knewSome = !m_folders.isEmpty() || !m_loading.isEmpty();
    ++m_generation;
    m_folders.clear();
    m_loading.clear();
    // A listing on its way is dropped: whoever is completing asks again and gets a fresh one.
    if (knewSome)
        Q_EMIT grew();
}

void CommandCompleter::loadWorkspaces()
{
    onResult(m_core.workspaces().list(), this, [this](const Result<QList<WorkspaceInfo>> &all) {
        if (!all)
            return;
        QStringList names;
        for (const WorkspaceInfo &info : *all) {
            names.append(info.name);
            if (info.current && !WorkspaceName::same(info.name, m_current)) {
                m_current = info.name;
                forgetFolders();
            }
        }
        if (names != m_workspaces) {
            m_workspaces = names;
            Q_EMIT grew();
        }
    });
}

void CommandCompleter::loadFolder(const QString &dir)
{
    if (m_current.isEmpty() || m_loading.contains(dir))
        return;
    m_loading.insert(dir);
    const quint64 generation = m_generation;
    const QString name = m_current;
    onResult(m_core.run([core = &m_core, name, dir]() -> Result<Listing> {
        auto ws = core->registry().find(name);
        if (!ws)
            return ws.error();
        return core->files().list(*ws, dir, false).result();
    }),
             this, [this, generation, dir](const Result<Listing> &listing) {
                 if (generation != m_generation)
                     return;
                 QStringList entries;
                 if (listing) {
                     for (const FolderEntry &f : listing->folders)
                         entries.append(f.path + QLatin1Char('/'));
                     for (const FileEntry &e : listing->files)
                         entries.append(e.path);
                 }
                 m_folders.insert(dir, entries);
                 m_loading.remove(dir);
                 if (!entries.isEmpty())
                     Q_EMIT grew();
             });
}

QStringList CommandCompleter::paths(const QString &partial)
{
    const qsizetype slash = partial.lastIndexOf(QLatin1Char('/'));
    const QString dir = slash < 0 ? QString() : partial.left(slash);
    auto found = m_folders.constFind(dir);
    if (found == m_folders.constEnd()) {
        loadFolder(dir);
        return {};
    }
    QStringList out;
    for (const QString &entry : *found) {
        if (startsWith(entry, partial))
            out.append(entry);
    }
    return out;
}

QStringList CommandCompleter::values(const QString &placeholder, const QString &partial)
{
    static const QStringList workspaceArgs{QStringLiteral("name"), QStringLiteral("from")};
    static const QStringList pathArgs{QStringLiteral("path"), QStringLiteral("dir"),
                                      QStringLiteral("src"), QStringLiteral("spec")};
    QStringList candidates;
    if (placeholder == QLatin1String("template"))
        candidates = TemplateLibrary::names();
    else if (placeholder == QLatin1String("layer") || placeholder == QLatin1String("dst"))
        candidates = {QStringLiteral("git"), QStringLiteral("hub"), QStringLiteral("session")};
    else if (workspaceArgs.contains(placeholder))
        candidates = m_workspaces;
    else if (pathArgs.contains(placeholder))
        return paths(partial);
    QStringList out;
    for (const QString &c : std::as_const(candidates)) {
        if (startsWith(c, partial))
            out.append(c);
    }
    return out;
}

QStringList CommandCompleter::complete(const QString &line, int cursor)
{
    const QString before = line.left(qBound(0, cursor, int(line.size())));
    QStringList words = before.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const bool between = before.isEmpty() || before.back().isSpace();
    const QString partial = between ? QString() : words.takeLast();
    const QString typed = before.left(before.size() - partial.size());
    QStringList out;
    auto offer = [&](const QString &candidate) {
        if (!out.contains(candidate) && out.size() < maxCompletions)
            out.append(candidate);
    };
    for (const CommandSpec &spec : m_catalog.specs()) {
        for (const QString &phrase : spec.phrases) {
            const QStringList tokens = phraseTokens(phrase);
            // The words typed so far, one a token: a placeholder takes any one word.
            if (tokens.size() <= words.size())
                continue;
            bool fits = true;
            for (int i = 0; i < words.size() && fits; ++i)
                fits = isPlaceholder(tokens.at(i)) ||
                       tokens.at(i).compare(words.at(i), Qt::CaseInsensitive) == 0;
            if (!fits)
                continue;
            const int next = int(words.size());
            const QString &token = tokens.at(next);
            if (!isPlaceholder(token)) {
                if (!startsWith(token, partial))
                    continue;
                // The literal words up to the next argument, in one go.
                QStringList run{token};
                int i = next + 1;
                for (; i < tokens.size() && !isPlaceholder(tokens.at(i)); ++i)
                    run.append(tokens.at(i));
                offer(typed + run.join(QLatin1Char(' ')) +
                      (i < tokens.size() ? QStringLiteral(" ") : QString()));
                continue;
            }
            const bool more = next + 1 < tokens.size();
            for (const QString &value : values(token.mid(1, token.size() - 2), partial)) {
                const bool folder = value.endsWith(QLatin1Char('/'));
                // A name with spaces is one argument only when quoted.
                const QString word = value.contains(QLatin1Char(' '))
                                         ? QLatin1Char('"') + value + QLatin1Char('"')
                                         : value;
                offer(typed + word + (more && !folder ? QStringLiteral(" ") : QString()));
            }
        }
    }
    return out;
}

} // namespace hawkmoth

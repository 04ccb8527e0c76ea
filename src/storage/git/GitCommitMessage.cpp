// How a commit describes its change: the summary line, the body listing the paths, and the change
// list read from two trees when staging could not tell it.

#include "GitCommitter.h"
#include "GitError.h"

namespace hawkmoth::git {

QString Committer::summaryLine(int added, int modified, int deleted)
{
    QStringList parts;
    if (added)
        parts.append(QStringLiteral("+%1").arg(added));
    if (modified)
        parts.append(QStringLiteral("~%1").arg(modified));
    if (deleted)
        parts.append(QStringLiteral("-%1").arg(deleted));
    const int total = added + modified + deleted;
    return QStringLiteral("%1 %2: %3")
        .arg(total)
        .arg(total == 1 ? QStringLiteral("file") : QStringLiteral("files"))
        .arg(parts.join(QLatin1Char(' ')));
}

Result<Committer::ChangeList> Committer::diffTrees(const git_tree *from, const git_tree *to)
{
    git_diff *raw = nullptr;
    GIT_TRY(git_diff_tree_to_tree(&raw, m_repo.get(), const_cast<git_tree *>(from),
                                  const_cast<git_tree *>(to), nullptr),
            QStringLiteral("summarising the change"));
    DiffPtr diff(raw);
    ChangeList changes;
    const size_t deltas = git_diff_num_deltas(diff.get());
    for (size_t i = 0; i < deltas; ++i) {
        const git_diff_delta *d = git_diff_get_delta(diff.get(), i);
        const char mark = d->status == GIT_DELTA_ADDED     ? '+'
                          : d->status == GIT_DELTA_DELETED ? '-'
                                                           : '~';
        changes.push_back(
            {mark, QByteArray(d->new_file.path ? d->new_file.path : d->old_file.path)});
    }
    return changes;
}

QStringList Committer::describe(ChangeList &changes, CommitSummary &summary)
{
    std::sort(changes.begin(), changes.end(),
              [](const auto &a, const auto &b) { return a.second < b.second; });
    QStringList body;
    for (const auto &[mark, path] : changes) {
        if (mark == '+')
            ++summary.added;
        else if (mark == '-')
            ++summary.deleted;
        else
            ++summary.modified;
        if (body.size() < 50)
            body.append(QLatin1Char(mark) + QLatin1Char(' ') + QString::fromUtf8(path));
    }
    if (changes.size() > 50)
        body.append(QStringLiteral("… and %1 more").arg(changes.size() - 50));
    return body;
}

} // namespace hawkmoth::git

#pragma once
// Stages working-tree files into git's index. When nothing can filter a file on its way into git
// (no gitattributes file anywhere, no line-ending conversion configured) it writes each blob
// straight from the file's bytes; otherwise, and for symlinks, large files or an index in
// conflict, it goes through git_index_add_bypath, which applies the filters. For a file the
// direct way is about a third of the cost: libgit2 looks the attributes up again for every path.

#include "GitHandles.h"
#include "Result.h"

#include <QByteArray>

namespace hawkmoth::git {

class Stager
{
public:
    // attributesInTree: whether any .gitattributes file lies in the working tree.
    static Result<Stager> create(git_repository *repo, git_index *index, bool attributesInTree);

    // Stages the file at path (relative, UTF-8); NotFound when it is not there (any more),
    // PermissionDenied when it cannot be read.
    Status add(const QByteArray &path);
    // Whether the regular file at fullPath cannot be opened for reading (its mode, an ACL, a
    // security module). libgit2 words that as "is locked"; the caller skips such a file.
    static bool unreadable(const QByteArray &fullPath);
    // Whether files are written directly (for tests and reports).
    bool direct() const { return m_direct; }

private:
    Stager(git_repository *repo, git_index *index, bool direct, QByteArray workdir)
        : m_repo(repo)
        , m_index(index)
        , m_direct(direct)
        , m_workdir(std::move(workdir))
    {}
    static Result<bool> filtersPossible(git_repository *repo);
    // False when the file must take libgit2's way after all (not a regular file, too large,
    // changing while it was read).
    Result<bool> addDirect(const QByteArray &path);

    git_repository *m_repo;
    git_index *m_index;
    bool m_direct;
    QByteArray m_workdir; // with a trailing '/'
    OdbPtr m_odb;
};

} // namespace hawkmoth::git

#pragma once
// git's index (.git/index) as "storage status" reads it: the file mapped and its entries located
// in place, nothing copied. libgit2's reader copies the file, allocates and hashes every entry and
// checks the file's SHA-1: most of what reading a 100,000-entry index cost. Versions 2 and 3 are
// read here; anything else (version 4's compressed paths, a split or sparse index) through
// libgit2, behind the same calls.

#include "GitHandles.h"
#include "Result.h"

#include <QByteArrayView>

#include <memory>
#include <optional>
#include <vector>

namespace hawkmoth {
class MappedFile;
}

namespace hawkmoth::git {

class Repository;

// One entry as git stores it: the size is the file's size truncated to 32 bits.
struct IndexEntryView
{
    QByteArrayView path;
    git_oid id;
    quint32 size = 0;
    qint64 mtimeNs = 0;
    int stage = 0; // 0, or a side of a merge conflict (1-3)
};

class GitIndexFile
{
public:
    // The repository's index; a repository without one reads as empty.
    static Result<GitIndexFile> read(Repository &repository);
    // The index in file, read here; nullopt when its format is one left to libgit2.
    static std::optional<GitIndexFile> parse(const QString &file);

    qsizetype count() const;
    IndexEntryView entry(qsizetype i) const;
    // The entry of path at stage 0 (a file git tracks outside any merge conflict).
    std::optional<IndexEntryView> find(QByteArrayView path) const;
    // When the file was last written (ns since the epoch; 0 when there is none): entries stamped
    // no earlier are racily clean, their stat data proves nothing.
    qint64 writtenNs() const { return m_writtenNs; }

private:
    GitIndexFile() = default;
    QByteArrayView pathAt(quint32 offset) const;

    // Read here: the mapping and where each entry starts in it.
    std::shared_ptr<const MappedFile> m_mapping;
    std::vector<quint32> m_offsets;
    // Read by libgit2.
    std::shared_ptr<git_index> m_index;
    qint64 m_writtenNs = 0;
};

} // namespace hawkmoth::git

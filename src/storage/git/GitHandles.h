#pragma once
// Owning wrappers for libgit2 handles: a unique_ptr whose deleter is the libgit2 free function,
// so no early return can leak one. Like the handles themselves, a wrapper belongs to one thread.

#include <git2.h>

#include <memory>

namespace hawkmoth::git {

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};

template<typename T, void (*Free)(T *)>
using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using RepositoryPtr = Handle<git_repository, git_repository_free>;
using IndexPtr = Handle<git_index, git_index_free>;
using TreePtr = Handle<git_tree, git_tree_free>;
using CommitPtr = Handle<git_commit, git_commit_free>;
using SignaturePtr = Handle<git_signature, git_signature_free>;
using RemotePtr = Handle<git_remote, git_remote_free>;
using ReferencePtr = Handle<git_reference, git_reference_free>;
using ObjectPtr = Handle<git_object, git_object_free>;
using BlobPtr = Handle<git_blob, git_blob_free>;
using RevwalkPtr = Handle<git_revwalk, git_revwalk_free>;
using StatusListPtr = Handle<git_status_list, git_status_list_free>;
using DiffPtr = Handle<git_diff, git_diff_free>;
using ConfigPtr = Handle<git_config, git_config_free>;
using AnnotatedCommitPtr = Handle<git_annotated_commit, git_annotated_commit_free>;
using TreeEntryPtr = Handle<git_tree_entry, git_tree_entry_free>;
using OdbPtr = Handle<git_odb, git_odb_free>;

// git_buf is a value with its own dispose function.
class Buffer
{
public:
    Buffer() = default;
    ~Buffer() { git_buf_dispose(&m_buf); }
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;
    git_buf *get() { return &m_buf; }
    const char *data() const { return m_buf.ptr; }
    size_t size() const { return m_buf.size; }

private:
    git_buf m_buf = GIT_BUF_INIT;
};

// libgit2 is initialised once per process and never shut down (it is cheap to keep).
void ensureInitialized();

} // namespace hawkmoth::git

#pragma once
// Owns one POSIX file descriptor and closes it when it goes: every open file, folder and lock
// holds one, so no early return leaks a descriptor.

namespace hawkmoth {

class UniqueFd
{
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd)
        : m_fd(fd)
    {}
    UniqueFd(UniqueFd &&other) noexcept;
    UniqueFd &operator=(UniqueFd &&other) noexcept;
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;
    ~UniqueFd();

    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    // Closes what is held and takes fd (-1: nothing).
    void reset(int fd = -1);
    // Hands the descriptor to a new owner (fdopendir, say) without closing it.
    int release();

private:
    int m_fd = -1;
};

} // namespace hawkmoth

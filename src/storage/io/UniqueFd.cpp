#include "UniqueFd.h"

#include <unistd.h>
#include <utility>

namespace hawkmoth {

UniqueFd::UniqueFd(UniqueFd &&other) noexcept
    : m_fd(other.release())
{}

UniqueFd &UniqueFd::operator=(UniqueFd &&other) noexcept
{
    if (this != &other)
        reset(other.release());
    return *this;
}

UniqueFd::~UniqueFd()
{
    reset();
}

void UniqueFd::reset(int fd)
{
    // close() is not retried on EINTR: Linux has released the descriptor either way, and a
    // second close could hit one another thread opened meanwhile.
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

int UniqueFd::release()
{
    return std::exchange(m_fd, -1);
}

} // namespace hawkmoth

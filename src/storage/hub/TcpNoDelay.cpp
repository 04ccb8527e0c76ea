#include "TcpNoDelay.h"

#include <cstdlib>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace hawkmoth::hub {

namespace {

// A wrapper so that the directory is closed on every path.
class FdDirectory
{
public:
    FdDirectory()
        : m_dir(opendir("/proc/self/fd"))
    {}
    ~FdDirectory()
    {
        if (m_dir)
            closedir(m_dir);
    }
    FdDirectory(const FdDirectory &) = delete;
    FdDirectory &operator=(const FdDirectory &) = delete;
    DIR *get() const { return m_dir; }

private:
    DIR *m_dir;
};

bool isTcp(int fd)
{
    int type = 0;
    socklen_t length = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) != 0 || type != SOCK_STREAM)
        return false;
    sockaddr_storage address{};
    length = sizeof(address);
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return false;
    return address.ss_family == AF_INET || address.ss_family == AF_INET6;
}

} // namespace

void TcpNoDelay::applyToOpenSockets()
{
    const FdDirectory dir;
    if (!dir.get())
        return;
    const int own = dirfd(dir.get());
    while (const dirent *entry = readdir(dir.get())) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == own || !isTcp(int(fd)))
            continue;
        int on = 0;
        socklen_t length = sizeof(on);
        if (getsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &on, &length) == 0 && on)
            continue;
        on = 1;
        setsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
}

} // namespace hawkmoth::hub

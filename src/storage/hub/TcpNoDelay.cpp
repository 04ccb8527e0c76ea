#include "TcpNoDelay.h"

#include <QHostAddress>
#include <QHostInfo>

#include <cstdlib>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

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

struct OpenSocket
{
    int fd;
    quint64 inode;
};

// Calls f(OpenSocket) for every socket descriptor of the process. fstat on the descriptor, not
// readlink on its /proc entry: no path walked and no name formatted for each one.
template<typename F>
void forEachSocket(F &&f)
{
    const FdDirectory dir;
    if (!dir.get())
        return;
    const int own = dirfd(dir.get());
    while (const dirent *entry = readdir(dir.get())) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == own)
            continue;
        struct stat st
        {};
        if (fstat(int(fd), &st) != 0 || !S_ISSOCK(st.st_mode))
            continue;
        f(OpenSocket{int(fd), quint64(st.st_ino)});
    }
}

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

bool peerIs(int fd, const QList<QHostAddress> &hosts, quint16 port)
{
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return false;
    QHostAddress peer;
    quint16 peerPort = 0;
    if (address.ss_family == AF_INET) {
        const auto *v4 = reinterpret_cast<const sockaddr_in *>(&address);
        peer.setAddress(reinterpret_cast<const sockaddr *>(v4));
        peerPort = ntohs(v4->sin_port);
    } else {
        const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(&address);
        peer.setAddress(reinterpret_cast<const sockaddr *>(v6));
        peerPort = ntohs(v6->sin6_port);
    }
    if (peerPort != port)
        return false;
    return std::any_of(hosts.cbegin(), hosts.cend(), [&](const QHostAddress &host) {
        return host.isEqual(peer, QHostAddress::TolerantConversion);
    });
}

} // namespace

TcpNoDelay::Snapshot TcpNoDelay::openSockets()
{
    Snapshot out;
    forEachSocket([&out](const OpenSocket &s) { out.insert(s.inode); });
    return out;
}

int TcpNoDelay::applyToNewSockets(const Snapshot &before, const QUrl &url)
{
    const quint16 port = quint16(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    QList<QHostAddress> hosts;
    bool resolved = false;
    int set = 0;
    forEachSocket([&](const OpenSocket &s) {
        if (before.count(s.inode) || !isTcp(s.fd))
            return;
        if (!resolved) {
            // Looked up only when a new socket is there, once per connection the manager opens
            // (the name it has just resolved itself).
            resolved = true;
            if (const QHostAddress literal(url.host()); !literal.isNull())
                hosts = {literal};
            else
                hosts = QHostInfo::fromName(url.host()).addresses();
        }
        if (!peerIs(s.fd, hosts, port))
            return;
        int on = 0;
        socklen_t length = sizeof(on);
        if (getsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &on, &length) == 0 && on)
            return;
        on = 1;
        if (setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == 0)
            ++set;
    });
    return set;
}

} // namespace hawkmoth::hub

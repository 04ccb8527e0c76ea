#pragma once
// Turns Nagle's algorithm off on the sockets HAWKMOTH's Hub client opened. Qt's HTTP stack leaves
// it on (its own source says so), which makes every request whose body ends in a partial segment
// wait for the server's delayed ACK — 40 ms on Linux — and thousands of small LFS uploads pay it
// each time. QNetworkAccessManager gives no access to its sockets, so they are found by
// descriptor: a socket is ours when it appeared after our request asked for a connection and is
// connected to that request's host and port. Sockets of others (libgit2's, the embedding
// program's) were there before or lead elsewhere, and are never changed.

#include <QUrl>

#include <unordered_set>

namespace hawkmoth::hub {

class TcpNoDelay
{
public:
    // The process's open sockets, by inode (stable while a socket is open, unlike its fd number).
    using Snapshot = std::unordered_set<quint64>;

    // One pass over /proc/self/fd reading links only: cheap enough before every request.
    static Snapshot openSockets();
    // Sets TCP_NODELAY on the TCP sockets not in `before` whose peer is url's host and port;
    // returns how many it set.
    static int applyToNewSockets(const Snapshot &before, const QUrl &url);
};

} // namespace hawkmoth::hub

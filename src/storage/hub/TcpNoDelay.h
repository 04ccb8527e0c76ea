#pragma once
// Turns Nagle's algorithm off on this process's TCP sockets. Qt's HTTP stack leaves it on (its
// own source says so), which makes every request whose body ends in a partial segment wait for
// the server's delayed ACK — 40 ms on Linux — and thousands of small LFS uploads pay it each
// time. QNetworkAccessManager gives no access to its sockets, so they are found by descriptor.

namespace hawkmoth::hub {

class TcpNoDelay
{
public:
    // Sets TCP_NODELAY on every open TCP socket of the process (cheap: one pass over
    // /proc/self/fd); sockets that have it already are left as they are.
    static void applyToOpenSockets();
};

} // namespace hawkmoth::hub

#pragma once
// The one thread of a process on which keychain jobs run. QtKeychain queues every job of the
// process in one executor that is not thread-safe: jobs of two threads that end in one process
// crash it. The storage core's network thread is the host; layers below the hub reach it through
// this interface (StorageContext::keychain).

class QObject;

namespace hawkmoth {

class KeychainHost
{
public:
    virtual ~KeychainHost() = default;
    // An object living on the host thread, which is started if it was not.
    virtual QObject *keychainHome() = 0;
};

} // namespace hawkmoth

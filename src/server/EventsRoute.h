#pragma once
// GET /storage/events: a Server-Sent Events stream of the change and job notifications, held open
// on its HTTP thread; a comment line every few seconds finds clients that went away.

#include "RestRouter.h"

namespace hawkmoth {

class EventHub;

class EventsRoute
{
public:
    static constexpr int keepAliveMs = 5000;

    explicit EventsRoute(EventHub &hub)
        : m_hub(hub)
    {}

    void operator()(const httplib::Request &req, httplib::Response &res,
                    const httplib::ContentReader *reader) const;

private:
    EventHub &m_hub;
};

} // namespace hawkmoth

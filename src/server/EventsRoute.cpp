#include "EventsRoute.h"

#include "EventHub.h"

#include <httplib.h>

namespace hawkmoth {

void EventsRoute::operator()(const httplib::Request &, httplib::Response &res,
                             const httplib::ContentReader *) const
{
    auto subscription = m_hub.subscribe();
    res.set_header("Cache-Control", "no-store");
    // The first line reaches the client at once, so it knows the stream is open.
    auto opened = std::make_shared<bool>(false);
    res.set_chunked_content_provider(
        "text/event-stream",
        [subscription, opened](size_t, httplib::DataSink &sink) {
            if (!*opened) {
                *opened = true;
                const char hello[] = ": hawkmoth events\n\n";
                return sink.write(hello, sizeof hello - 1);
            }
            const QList<QByteArray> events = subscription->take(keepAliveMs);
            if (subscription->closed()) {
                sink.done();
                return true;
            }
            if (events.isEmpty()) {
                const char ping[] = ": keep-alive\n\n";
                return sink.write(ping, sizeof ping - 1);
            }
            for (const QByteArray &event : events) {
                if (!sink.write(event.constData(), size_t(event.size())))
                    return false;
            }
            return true;
        },
        [hub = &m_hub, subscription](bool) { hub->unsubscribe(subscription); });
}

} // namespace hawkmoth

#pragma once
// Where HAWKMOTH talks to the Hub and with which token, in the order the official clients use:
// HF_ENDPOINT (default https://huggingface.co); HF_TOKEN, else the token file of huggingface_hub
// ($HF_HOME/token, default ~/.cache/huggingface/token), else the system keychain (hawkmoth login).

#include "AppSettings.h"
#include "Job.h"
#include "Result.h"
#include "StorageContext.h"

#include <QUrl>

#include <optional>

namespace hawkmoth::hub {

struct HubToken
{
    QString value;
    QString source; // "HF_TOKEN", "token file", "keychain": said in messages, never the value
};

class HubCredentials
{
public:
    static QUrl endpoint(const AppSettings &settings);
    // The token, or nullopt when none is configured anywhere; an error only when the keychain
    // fails for a reason other than being absent. The keychain is asked on context's network
    // thread (StorageContext::keychain): call these from any other thread.
    static Result<std::optional<HubToken>> token(const StorageContext &context,
                                                 const QUrl &endpoint);
    static Status storeToken(const StorageContext &context, const QUrl &endpoint,
                             const QString &token);
    static Status removeToken(const StorageContext &context, const QUrl &endpoint);
    static QString tokenFile();

    // The step of sync and pull that talks to the Hub (see HubLayer).
    static QString stepName() { return QStringLiteral("hub"); }
    // What messages say when the Hub refused the token; for people, never parsed.
    static QString rejectedPhrase() { return QStringLiteral("the Hub rejected the token"); }
    // Whether a job waits because the Hub refused the token (the "rejected" token state, the gate
    // on automatic syncs): blocked by an authentication error of its hub step, by the error's
    // class (an HTTP 401 or 407), whatever the message says.
    static bool rejectedToken(const Job &job)
    {
        return job.state == JobState::Blocked && job.fault.code == ErrorCode::Unauthenticated &&
               job.fault.step == stepName();
    }
};

} // namespace hawkmoth::hub

#include "HubGitRemote.h"

#include "GitPushLimits.h"
#include "GitWorkflows.h"
#include "HubApi.h"
#include "HubCredentials.h"

namespace hawkmoth::hub {

namespace {

const QString loginAdvice =
    QStringLiteral("run 'hawkmoth login' with a valid Hugging Face token, or set HF_TOKEN");

// The configured token and a client that sends it; Unauthenticated when there is no token.
struct Connection
{
    HubToken token;
    std::unique_ptr<HubClient> client;
};

Result<Connection> connect(const StorageContext &context)
{
    auto token = HubCredentials::token(context, HubCredentials::endpoint(context.settings));
    if (!token)
        return token.error();
    if (!token->has_value())
        return Error{ErrorCode::Unauthenticated,
                     QStringLiteral("no Hugging Face token is set; ") + loginAdvice};
    auto client = HubClient::create(context, (*token)->value);
    if (!client)
        return client.error();
    return Connection{**token, std::move(*client)};
}

} // namespace

Result<std::optional<GitLogin>> gitLogin(const StorageContext &context, const QString &url)
{
    if (!git::PushLimits::appliesTo(url, context.settings))
        return std::optional<GitLogin>();
    auto hub = connect(context);
    if (!hub)
        return hub.error();
    auto user = HubApi(*hub->client).whoami();
    if (!user)
        return user.error();
    return std::optional<GitLogin>(
        GitLogin{*user, hub->token.value, hub->token.source, loginAdvice});
}

QString gitUrl(const QUrl &endpoint, const QString &type, const QString &repo)
{
    const QString base = endpoint.toString(QUrl::StripTrailingSlash);
    const QString prefix =
        type == QLatin1String("space") ? QStringLiteral("/spaces/") : QStringLiteral("/");
    return base + prefix + repo;
}

Result<CodeRepo> createCodeRepo(const Workspace &ws, const StorageContext &context,
                                const CodeRepoRequest &request, const CancelToken &cancel)
{
    if (request.type != QLatin1String("model") && request.type != QLatin1String("space"))
        return Error::invalid(
            QStringLiteral("the code goes to a model or a Space repository, not '%1'")
                .arg(request.type));
    if (request.name.count(QLatin1Char('/')) > 1)
        return Error::invalid(QStringLiteral("name the repository NAME or NAMESPACE/NAME, not '%1'")
                                  .arg(request.name));
    HM_TRY(ws.checkPresent());
    auto hub = connect(context);
    if (!hub)
        return hub.error();
    HubApi api(*hub->client, cancel);
    QString repo = request.name;
    if (!repo.contains(QLatin1Char('/'))) {
        auto user = api.whoami();
        if (!user)
            return user.error();
        repo = *user + QLatin1Char('/') +
               (repo.isEmpty() ? ws.name() + QStringLiteral("-code") : repo);
    }
    auto created = api.createRepo(request.type, repo, request.isPrivate,
                                  request.type == QLatin1String("space") ? request.sdk : QString());
    if (!created)
        return created.error();
    const QString url = gitUrl(hub->client->endpoint(), request.type, repo);
    auto set = git::setRemote(ws, context, url);
    if (!set)
        return set.error();
    // The Hub starts a repository with a commit of its own: bring it in now, before any job can
    // try to push (an automatic sync may run before the pull the caller queues).
    auto merged = git::integrateRemote(ws, context, cancel);
    if (!merged)
        return merged.error().context(
            QStringLiteral("%1 is the git remote now, but its first commit was not merged; run "
                           "'hawkmoth pull'")
                .arg(*set));
    return CodeRepo{repo, request.type, *set, *created};
}

} // namespace hawkmoth::hub

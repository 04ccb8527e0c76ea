#pragma once
// The Hub as a workspace's git remote: the login git uses on the Hub's own git endpoint (the
// Hugging Face token, with the user name whoami gives), and creating the model or Space
// repository that keeps a workspace's code beside the dataset that keeps its large files.

#include "Cancellation.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QUrl>

namespace hawkmoth::hub {

struct CodeRepoRequest
{
    QString type = QStringLiteral("model"); // "model" or "space"
    QString name;                           // NAME or NAMESPACE/NAME; empty: USER/WORKSPACE-code
    bool isPrivate = true;
    QString sdk = QStringLiteral("static"); // what a Space runs (the Hub needs one)
};

struct CodeRepo
{
    QString repo; // namespace/name
    QString type;
    QString url;          // the git remote, without credentials
    bool created = false; // false: it was there already
};

// StorageContext::gitLogin for the Hub: nullopt for a URL elsewhere; Unauthenticated without a
// token or when the Hub refuses it.
Result<std::optional<GitLogin>> gitLogin(const StorageContext &context, const QString &url);
// {endpoint}/NS/NAME for a model, {endpoint}/spaces/NS/NAME for a Space.
QString gitUrl(const QUrl &endpoint, const QString &type, const QString &repo);
// Creates the repository (an existing one of the user's is taken as it is), makes it the
// workspace's git remote, recorded in workspace.json, and merges what it holds already (the Hub's
// first commit). Pushing is the caller's next step.
Result<CodeRepo> createCodeRepo(const Workspace &ws, const StorageContext &context,
                                const CodeRepoRequest &request, const CancelToken &cancel);

} // namespace hawkmoth::hub

#pragma once
// What the window's status bar says about the current workspace: its name, the sync state, online
// or offline, the Hub token's state and the last error. Kept from a StorageStatus and the job
// notifications; every property announces itself through changed().

#include <QObject>
#include <QSet>

namespace hawkmoth {

class StorageCore;
class StorageStatus;
struct JobChange;

class StatusSummary : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString workspaceName READ workspaceName NOTIFY changed)
    Q_PROPERTY(Sync sync READ sync NOTIFY changed)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY changed)
    Q_PROPERTY(Connectivity connectivity READ connectivity NOTIFY changed)
    Q_PROPERTY(Token token READ token NOTIFY changed)
    Q_PROPERTY(QString tokenSource READ tokenSource NOTIFY changed)
    Q_PROPERTY(QString lastError READ lastError NOTIFY changed)

public:
    enum class Sync
    {
        Idle,    // nothing waits
        Pending, // pendingCount files (or jobs) wait for the next sync
        Syncing, // a job runs
        Error    // a job failed or is blocked (lastError says why)
    };
    Q_ENUM(Sync)
    // From the result of the last sync or pull run in this session, not a probe: one that ended
    // done, or refused by the server (blocked), reached its remotes; one queued again for a retry
    // or failed did not (unreachable, timed out, a server error; lastError says which).
    enum class Connectivity
    {
        Unknown,
        Online,
        Offline
    };
    Q_ENUM(Connectivity)
    enum class Token
    {
        Unknown, // not read yet
        None,
        Present, // tokenSource says where from
        Rejected // the Hub refused it; a job waits for a new one
    };
    Q_ENUM(Token)

    // Keeps a StorageStatus of its own.
    explicit StatusSummary(StorageCore &core, QObject *parent = nullptr);

    QString workspaceName() const { return m_workspace; }
    Sync sync() const { return m_sync; }
    int pendingCount() const { return m_pending; }
    Connectivity connectivity() const { return m_connectivity; }
    Token token() const { return m_token; }
    QString tokenSource() const { return m_tokenSource; }
    QString lastError() const { return m_lastError; }

    // Short texts for the status bar ("3 pending", "Offline", "Token: HF_TOKEN").
    QString syncText() const;
    QString connectivityText() const;
    QString tokenText() const;

Q_SIGNALS:
    void changed();

private:
    void onWorkspace(const QString &name);
    void onJobStarted(const QString &workspace, const hawkmoth::JobChange &job);
    void onJobFinished(const QString &workspace, const hawkmoth::JobChange &job);
    void updateFromStats();
    void updateFromHub();

    StorageStatus *m_status;
    QString m_workspace;
    Sync m_sync = Sync::Idle;
    int m_pending = 0;
    QSet<qint64> m_running; // jobs seen starting and not yet ending
    Connectivity m_connectivity = Connectivity::Unknown;
    Token m_token = Token::Unknown;
    QString m_tokenSource;
    QString m_lastError;
};

} // namespace hawkmoth

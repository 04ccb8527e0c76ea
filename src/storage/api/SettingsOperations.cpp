#include "SettingsOperations.h"

#include "AtomicWriter.h"
#include "RegistryFiles.h"
#include "StorageCore.h"

#include <QFile>
#include <QJsonDocument>

namespace hawkmoth {

namespace {

// The file's keys as they are, unknown ones included (they are kept for newer versions).
QJsonObject storedValues(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

QFuture<Result<AppSettings>> SettingsOperations::read()
{
    return m_core.run(
        [this] { return AppSettings::load(m_core.registry().paths().settingsFile()); });
}

QFuture<Result<AppSettings>> SettingsOperations::write(const QJsonObject &changes)
{
    return m_core.run([this, changes]() -> Result<AppSettings> {
        const QString file = m_core.registry().paths().settingsFile();
        RegistryLock lock(m_core.registry().paths());
        HM_TRY(lock.acquire());
        // A file that does not load is not overwritten: its error says how to fix it.
        if (auto current = AppSettings::load(file); !current)
            return current.error();
        QJsonObject values = storedValues(file);
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull() || it.value().isUndefined())
                values.remove(it.key());
            else
                values.insert(it.key(), it.value());
        }
        // Checked exactly as the next start will read it, before it replaces the file.
        const QString staged = file + QStringLiteral(".new");
        HM_TRY(AtomicWriter::writeFile(staged, QJsonDocument(values).toJson()));
        auto checked = AppSettings::load(staged);
        QFile::remove(staged);
        if (!checked)
            return Error{checked.error().code,
                         QString(checked.error().message).replace(staged, file)};
        HM_TRY(checked->save(file));
        m_core.adoptSettings(*checked);
        return checked;
    });
}

} // namespace hawkmoth

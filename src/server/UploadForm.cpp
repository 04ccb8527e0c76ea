#include "UploadForm.h"

#include "PathValidator.h"

namespace hawkmoth {

bool UploadForm::begin(const std::string &name)
{
    m_field = name;
    if (m_field != "file")
        return true;
    if (++m_files > 1) {
        m_problem = QStringLiteral("send one field 'file'");
        return false;
    }
    if (!m_content.isOpen() && !m_content.open(QIODevice::WriteOnly)) {
        m_problem = m_content.errorString();
        return false;
    }
    return true;
}

bool UploadForm::append(const char *data, size_t length)
{
    if (m_field == "file") {
        if (m_content.write(data, qint64(length)) == qint64(length))
            return true;
        m_problem = QStringLiteral("cannot write the upload: %1").arg(m_content.errorString());
        return false;
    }
    const QString field = QString::fromStdString(m_field);
    QByteArray &value = m_fields[field];
    if (value.size() + qsizetype(length) <= maxFieldBytes) {
        value.append(data, qsizetype(length));
        return true;
    }
    m_problem = QStringLiteral("field '%1' is too long").arg(field);
    return false;
}

Result<UploadForm::Target> UploadForm::finish(bool complete, const QString &queryWorkspace) const
{
    if (!m_problem.isEmpty())
        return Error::invalid(m_problem);
    if (!complete)
        return Error::invalid(QStringLiteral("the upload ended before its last byte"));
    if (m_files == 0)
        return Error::invalid(QStringLiteral("missing field 'file'"));
    const QByteArray given = m_fields.value(QStringLiteral("path"));
    if (given.isEmpty())
        return Error::invalid(QStringLiteral("missing field 'path'"));
    auto path = PathValidator::normalize(QString::fromUtf8(given));
    if (!path)
        return path.error();
    Target target;
    target.path = *path;
    target.name = path->section(QLatin1Char('/'), -1);
    target.dir = path->section(QLatin1Char('/'), 0, -2);
    const auto named = m_fields.constFind(QStringLiteral("workspace"));
    target.workspace = named != m_fields.constEnd() ? QString::fromUtf8(*named) : queryWorkspace;
    return target;
}

} // namespace hawkmoth

// SPDX-License-Identifier: MIT
#include "configfile.h"

#include <QFile>
#include <QRegularExpression>
#include <QStringDecoder>

using namespace sb;

namespace {
// A file that big is not a settings file; refuse it rather than read it all.
constexpr qint64 kMaxBytes = 1024 * 1024;
} // namespace

Result<ConfigFile> ConfigFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{
                QStringLiteral("cannot read the config file %1: %2").arg(path, file.errorString())};
    if (file.size() > kMaxBytes)
        return Error{QStringLiteral("the config file %1 is over %2 bytes: not a config file?")
                             .arg(path)
                             .arg(kMaxBytes)};
    const QByteArray text = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Error{
                QStringLiteral("cannot read the config file %1: %2").arg(path, file.errorString())};
    return parse(text, path);
}

Result<ConfigFile> ConfigFile::parse(const QByteArray &text, const QString &path)
{
    static const QRegularExpression name(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
    ConfigFile config;
    config.m_path = path;
    const QList<QByteArray> rawLines = text.split('\n');
    for (qsizetype i = 0; i < rawLines.size(); ++i) {
        const int number = int(i + 1);
        const QString where = QStringLiteral("%1:%2").arg(path).arg(number);
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString line = QString(utf8(rawLines.at(i))).trimmed();
        if (utf8.hasError())
            return Error{QStringLiteral("%1: not UTF-8 text").arg(where)};
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;

        const qsizetype equals = line.indexOf(u'=');
        const QString key = (equals < 0 ? line : line.left(equals)).trimmed();
        if (key.startsWith(QStringLiteral("--")))
            return Error{QStringLiteral("%1: write the option without its dashes: \"%2\"")
                                 .arg(where, key.mid(2))};
        if (!name.match(key).hasMatch())
            return Error{QStringLiteral("%1: \"%2\" is not a line \"name = value\" or \"name\" "
                                        "(names are sbpeer's long options, such as listen or "
                                        "max-peers)")
                                 .arg(where, line)};
        if (key == u"config")
            return Error{
                    QStringLiteral("%1: a config file cannot name another config file").arg(where)};

        Line parsed;
        parsed.number = number;
        parsed.arguments.append(QStringLiteral("--") + key);
        if (equals >= 0) {
            const QString value = line.mid(equals + 1).trimmed();
            if (value.isEmpty())
                return Error{QStringLiteral("%1: %2 has no value (a flag is written alone: "
                                            "\"%2\")")
                                     .arg(where, key)};
            parsed.arguments.append(value);
        }
        config.m_lines.append(parsed);
    }
    return config;
}

QStringList ConfigFile::arguments(qsizetype count) const
{
    QStringList arguments;
    const qsizetype end = count < 0 ? m_lines.size() : qMin(count, m_lines.size());
    for (qsizetype i = 0; i < end; ++i)
        arguments += m_lines.at(i).arguments;
    return arguments;
}

QString ConfigFile::where(const Line &line) const
{
    return QStringLiteral("%1:%2").arg(m_path).arg(line.number);
}

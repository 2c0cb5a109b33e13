// SPDX-License-Identifier: MIT
#include "benchcommon.h"

#include "model.h"

#include <QFile>

#include <chrono>
#include <cstdio>

#include <sys/resource.h>

namespace Bench {

double nowMs()
{
    using namespace std::chrono;
    return double(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count())
            / 1000.0;
}

static qint64 statusField(const char *name)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(name))
            return line.mid(qsizetype(qstrlen(name))).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

qint64 peakRssKb()
{
    return statusField("VmHWM:");
}

qint64 rssKb()
{
    return statusField("VmRSS:");
}

double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval &t) {
        return double(t.tv_sec) * 1000.0 + double(t.tv_usec) / 1000.0;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

void printResult(const QByteArray &json)
{
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void fillFromSources(sb::Model &model, qint64 count, int sources)
{
    const double base = 1764000000000.0;
    QList<QString> ids;
    for (int s = 0; s < sources; ++s)
        ids.append(QStringLiteral("SOURCE%1").arg(s));
    for (qint64 i = 0; i < count; ++i) {
        const sb::Update update(QStringLiteral("k%1").arg(i), QByteArray::number(i),
                                base + double(i), ids.at(int(i % sources)));
        model.receive(update);
    }
}

void fillNpmShaped(sb::Model &model, qint64 count, int sources)
{
    // The same double arithmetic as the JS side, so that the wire's number
    // writer prints the same stamps JSON.stringify does (1796349740339.002).
    const double base = 1796349740339.0;
    QList<QString> ids;
    for (int s = 0; s < sources; ++s)
        ids.append(QStringLiteral("SOURCE%1").arg(s));
    for (qint64 i = 0; i < count; ++i) {
        const QByteArray n = QByteArray::number(i);
        const QByteArray value = QByteArrayLiteral("{\"n\":") + n
                + QByteArrayLiteral(",\"text\":\"value number ") + n + QByteArrayLiteral("\"}");
        const double stamp = (base + double(i / 10)) + double(i % 10) / 1000.0;
        const sb::Update update(QStringLiteral("key:%1").arg(i), value, stamp,
                                ids.at(int(i % sources)));
        model.receive(update);
    }
}

void fill(sb::Model &model, qint64 count, int sources, const QString &data)
{
    if (data == u"synthetic")
        fillFromSources(model, count, sources);
    else
        fillNpmShaped(model, count, sources);
}

} // namespace Bench

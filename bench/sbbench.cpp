// SPDX-License-Identifier: MIT
// sbbench: the C++ workloads of run-benchmarks.js. Each mode prints one JSON
// line with its figures; the node script runs the same workloads on npm
// scuttlebutt and prints both side by side.

#include "benchcommon.h"
#include "dialer.h"
#include "jsoncodec.h"
#include "meshnode.h"
#include "model.h"
#include "replicafile.h"
#include "server.h"
#include "stream.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace sb;

namespace {

QString argument(const QStringList &arguments, const QString &name, const QString &fallback = {})
{
    const qsizetype index = arguments.indexOf(name);
    return index >= 0 && index + 1 < arguments.size() ? arguments.at(index + 1) : fallback;
}

QPair<QString, quint16> address(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    return {text.left(colon), quint16(text.mid(colon + 1).toUInt())};
}

// N local set() calls into a Model.
int apply(qint64 count)
{
    Model model;
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < count; ++i) {
        if (const auto set = model.set(QStringLiteral("k%1").arg(i), JsonValue(double(i))); !set)
            qFatal("sbbench apply: %s", qPrintable(set.errorMessage()));
    }
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    Bench::printResult(QByteArrayLiteral("{\"ms\":") + QByteArray::number(ms, 'f', 1)
                       + ",\"rssKb\":" + QByteArray::number(Bench::peakRssKb()) + '}');
    return 0;
}

// Runs a stream to completion on the event loop; returns its wall time in ms.
double runStream(QCoreApplication &app, Stream &stream)
{
    const double start = Bench::nowMs();
    QObject::connect(&stream, &Stream::closed, &app, [&app] { app.exit(0); });
    stream.start();
    app.exec();
    return Bench::nowMs() - start;
}

// Without sockets or a second process, so that profilers and instruction
// counts see only our work: N keys written as a replica file would be, into
// memory, then read back into a fresh Model.
int roundTrip(QCoreApplication &app, qint64 count, const QString &data)
{
    Model source;
    Bench::fill(source, count, 10, data);
    QByteArray text;
    QBuffer out(&text);
    out.open(QIODevice::WriteOnly);
    StreamOptions save;
    save.writable = false;
    save.tail = false;
    Stream writer(&source, &out, save);
    const double writeMs = runStream(app, writer);

    Model copy;
    QBuffer in(&text);
    in.open(QIODevice::ReadOnly);
    StreamOptions load;
    load.readable = false;
    Stream reader(&copy, &in, load);
    const double cpuStart = Bench::cpuMs();
    const double readMs = runStream(app, reader);
    if (copy.updateCount() != count)
        return 1;
    Bench::printResult(QByteArrayLiteral("{\"writeMs\":") + QByteArray::number(writeMs, 'f', 1)
                       + ",\"readMs\":" + QByteArray::number(readMs, 'f', 1)
                       + ",\"readCpuMs\":" + QByteArray::number(Bench::cpuMs() - cpuStart, 'f', 1)
                       + ",\"bytes\":" + QByteArray::number(text.size()) + '}');
    return 0;
}

// Opens the replica file at path (a file npm wrote is rewritten in our shape
// on opening), then times one compaction of it: the fresh snapshot written
// through QSaveFile and made durable, with the event loop turning.
int compact(QCoreApplication &app, const QString &path)
{
    ReplicaFile file(path);
    double loadMs = 0;
    double compactStart = 0;
    const double openStart = Bench::nowMs();
    const auto compactNow = [&] {
        compactStart = Bench::nowMs();
        file.compact();
    };
    QObject::connect(&file, &ReplicaFile::loaded, &app, [&] {
        loadMs = Bench::nowMs() - openStart;
        if (!file.isCompacting())
            compactNow();
    });
    QObject::connect(&file, &ReplicaFile::compacted, &app, [&] {
        if (compactStart == 0)
            return compactNow(); // the rewrite of a file in npm's shape, not timed
        const double compactMs = Bench::nowMs() - compactStart;
        Bench::printResult(QByteArrayLiteral("{\"loadMs\":") + QByteArray::number(loadMs, 'f', 1)
                           + ",\"compactMs\":" + QByteArray::number(compactMs, 'f', 1)
                           + ",\"keys\":" + QByteArray::number(file.replica()->updateCount())
                           + '}');
        app.exit(0);
    });
    QObject::connect(&file, &ReplicaFile::failed, &app, [&](const ReplicaFileError &error) {
        std::fprintf(stderr, "%s\n", qPrintable(error.message()));
        app.exit(1);
    });
    file.open();
    return app.exec();
}

// Holds N keys from `sources` sources and serves them until killed.
int hold(QCoreApplication &app, qint64 count, int sources, const QString &data)
{
    Model model;
    Bench::fill(model, count, sources, data);
    Server server(&model, {});
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    Bench::printResult(QByteArrayLiteral("{\"port\":") + QByteArray::number(server.serverPort())
                       + ",\"rssKb\":" + QByteArray::number(Bench::rssKb()) + '}');
    return app.exec();
}

// A fresh Model syncs from HOST:PORT; reports the time to synced and memory.
int fetch(QCoreApplication &app, const QString &where)
{
    Model model;
    StreamOptions options;
    options.tail = false;
    const auto [host, port] = address(where);
    Dialer dialer(&model, host, port, options);
    const double start = Bench::nowMs();
    const double cpuStart = Bench::cpuMs();
    QObject::connect(&dialer, &Dialer::streamCreated, &app, [&](Stream *stream) {
        QObject::connect(stream, &Stream::synced, &app, [&] {
            const double ms = Bench::nowMs() - start;
            Bench::printResult(QByteArrayLiteral("{\"ms\":") + QByteArray::number(ms, 'f', 1)
                               + ",\"cpuMs\":"
                               + QByteArray::number(Bench::cpuMs() - cpuStart, 'f', 1)
                               + ",\"keys\":" + QByteArray::number(model.updateCount())
                               + ",\"rssKb\":" + QByteArray::number(Bench::rssKb())
                               + ",\"peakRssKb\":" + QByteArray::number(Bench::peakRssKb()) + '}');
            app.exit(0);
        });
    });
    QObject::connect(&dialer, &Dialer::errorOccurred, &app, [&](const QString &message) {
        std::fprintf(stderr, "sbbench fetch: %s\n", qPrintable(message));
        app.exit(1);
    });
    dialer.open();
    return app.exec();
}

// Sets `count` keys PREFIX0.. carrying their send time, `rate` per second (0: as fast as possible).
int write(QCoreApplication &app, const QString &where, qint64 count, double rate,
          const QString &prefix)
{
    Model model;
    const auto [host, port] = address(where);
    Dialer dialer(&model, host, port, {});
    qint64 sent = 0;
    double started = 0;
    QTimer ticker;
    ticker.setInterval(rate > 0 ? 1 : 0);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        const double now = Bench::nowMs();
        if (started == 0)
            started = now;
        const qint64 due = rate > 0 ? std::min(count, qint64((now - started) * rate / 1000.0) + 1)
                                    : std::min(count, sent + 2000);
        for (; sent < due; ++sent) {
            JsonObject value;
            value.insert(QStringLiteral("t"), JsonValue(Bench::nowMs()));
            const auto set = model.set(prefix + QString::number(sent), JsonValue(std::move(value)));
            if (!set)
                qFatal("sbbench write: %s", qPrintable(set.errorMessage()));
        }
        if (sent >= count)
            ticker.stop();
    });
    QObject::connect(&dialer, &Dialer::streamCreated, &app, [&](Stream *stream) {
        QObject::connect(stream, &Stream::synced, &ticker, qOverload<>(&QTimer::start));
    });
    QObject::connect(&dialer, &Dialer::errorOccurred, &app, [&] { app.exit(1); });
    dialer.open();
    return app.exec();
}

// Waits for `count` updates PREFIX*, then reports the rate and latency percentiles.
int read(QCoreApplication &app, const QString &where, qint64 count, const QString &prefix)
{
    Model model;
    const auto [host, port] = address(where);
    Dialer dialer(&model, host, port, {});
    std::vector<double> latencies;
    latencies.reserve(size_t(count));
    double firstSent = 0;
    QObject::connect(&model, &Scuttlebutt::updateApplied, &app, [&](const Update &update) {
        if (!update.key().startsWith(prefix))
            return;
        const double now = Bench::nowMs();
        const auto value = JsonCodec::parse(update.value());
        const double sentAt = value ? value->toObject().value(u"t").toNumber() : now;
        if (firstSent == 0 || sentAt < firstSent)
            firstSent = sentAt;
        latencies.push_back(now - sentAt);
        if (qint64(latencies.size()) < count)
            return;
        const double seconds = (now - firstSent) / 1000.0;
        std::sort(latencies.begin(), latencies.end());
        auto percentile
                = [&](double p) { return latencies[size_t(p * double(latencies.size() - 1))]; };
        Bench::printResult(QByteArrayLiteral("{\"rate\":")
                           + QByteArray::number(double(count) / seconds, 'f', 0)
                           + ",\"p50\":" + QByteArray::number(percentile(0.5), 'f', 2)
                           + ",\"p99\":" + QByteArray::number(percentile(0.99), 'f', 2) + '}');
        app.exit(0);
    });
    QObject::connect(&dialer, &Dialer::errorOccurred, &app, [&] { app.exit(1); });
    dialer.open();
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments().mid(1);
    const QString mode = arguments.value(0);
    if (mode == u"apply")
        return apply(arguments.value(1).toLongLong());
    if (mode == u"roundtrip")
        return roundTrip(app, arguments.value(1).toLongLong(),
                         argument(arguments, QStringLiteral("--data"), QStringLiteral("npm")));
    if (mode == u"hold")
        return hold(app, arguments.value(1).toLongLong(),
                    argument(arguments, QStringLiteral("--sources"), QStringLiteral("10")).toInt(),
                    argument(arguments, QStringLiteral("--data"), QStringLiteral("npm")));
    if (mode == u"fetch")
        return fetch(app, arguments.value(1));
    if (mode == u"compact")
        return compact(app, arguments.value(1));
    if (mode == u"write")
        return write(app, arguments.value(1),
                     argument(arguments, QStringLiteral("--count")).toLongLong(),
                     argument(arguments, QStringLiteral("--rate"), QStringLiteral("0")).toDouble(),
                     argument(arguments, QStringLiteral("--prefix"), QStringLiteral("w")));
    if (mode == u"read")
        return read(app, arguments.value(1),
                    argument(arguments, QStringLiteral("--count")).toLongLong(),
                    argument(arguments, QStringLiteral("--prefix"), QStringLiteral("w")));
    if (mode == u"node") {
        MeshNode node(argument(arguments, QStringLiteral("--total")).toLongLong());
        if (!node.start())
            return 1;
        return app.exec();
    }
    std::fprintf(stderr,
                 "usage: sbbench apply N | roundtrip N [--data D] | hold N [--sources S] [--data "
                 "npm|synthetic] | fetch HOST:PORT |\n"
                 "       compact FILE |\n"
                 "       write HOST:PORT --count C [--rate R] [--prefix P] | read HOST:PORT "
                 "--count C [--prefix P] |\n"
                 "       node --total T\n");
    return 2;
}

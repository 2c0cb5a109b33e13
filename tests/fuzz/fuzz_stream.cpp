// SPDX-License-Identifier: MIT
// The whole Stream state machine fed arbitrary bytes as what a remote peer
// sent. The replica holds some updates first and has a well-behaved second
// peer (the bystander, over its own in-memory link). Each input runs under one
// of a few configurations (dialect, chunking, a slow reader, small limits, live
// updates meanwhile; picked by the input's length), its events delivered as
// the event loop would but by direct calls, without polling or sleeping; then:
//  - nothing crashes, and the event loop settles (no livelock);
//  - before the remote ends, the stream has failed (once, with a reason that
//    names the peer) or keeps going; once the remote ends, it is closed or failed;
//  - the replica still holds what it held, or something newer for the same
//    key; its clock never went back and covers every update held;
//  - everything we wrote is canonical JSON: one digest first, "SYNC" at most once;
//  - the bystander holds exactly what the replica holds.
#include "dialect.h"
#include "doc.h"
#include "events.h"
#include "fuzzsupport.h"
#include "jsoncodec.h"
#include "memorydevice.h"
#include "model.h"
#include "replicatypes.h"
#include "stream.h"

#include <QSet>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>

using namespace sb;

// Like FUZZ_CHECK, naming the configuration; the message is only put
// together when the check fails (most of a run's time went on messages).
#define RUN_CHECK(condition, what) \
    do { \
        if (!(condition)) \
            failed(#condition, (what)); \
    } while (false)

namespace {

struct Config
{
    const char *name;
    QLatin1StringView type;
    Dialect::Choice dialect;
    bool tail;
    qsizetype chunk;      // bytes fed per round; 0: the whole input at once
    qint64 drainPerRound; // bytes of our output the remote takes per round; -1: all
    qint64 highWaterMark;
    int maxQueuedUpdates;
    qsizetype maxLineLength;
    int maxDepth;
    bool bystander;
    bool liveUpdates; // updates of a third source arrive while the stream runs
};

const Config kConfigs[] = {
        {"model, auto dialect, one chunk", sb::Model::kTypeName, Dialect::Choice::Auto, true, 0, -1,
         512 * 1024, 20000, 4 * 1024 * 1024, 64, true, false},
        {"model, 4.x, 13-byte chunks, slow remote, small limits", sb::Model::kTypeName,
         Dialect::Choice::V4, true, 13, 16, 64, 2, 512, 8, true, true},
        {"events, 5.x, 7-byte chunks, no tail", sb::Events::kTypeName, Dialect::Choice::V5, false,
         7, -1, 512 * 1024, 20000, 4 * 1024 * 1024, 64, false, true},
        // No bystander: a crdt Doc does not pass on an old update that brings
        // a removed row back, so two Docs may rightly differ.
        {"doc, 5.x, 5-byte chunks", sb::Doc::kTypeName, Dialect::Choice::V5, true, 5, -1,
         512 * 1024, 20000, 4 * 1024 * 1024, 64, false, true},
};

constexpr int kMaxRounds = 200000;
constexpr qsizetype kMaxFeeds = 24;
constexpr int kIdleRoundsToSettle = 3;
constexpr int kLiveUpdates = 6;
const QString kLocalId = QStringLiteral("LOCAL");

std::unique_ptr<Scuttlebutt> makeReplica(QLatin1StringView type, const QString &id)
{
    return ReplicaTypes::create(QString(type), id);
}

// No time passes in a run: a deadline would only cost a timer per stream.
void noDeadlines(StreamOptions &options)
{
    options.handshakeTimeoutMs = 0;
    options.lineTimeoutMs = 0;
    options.idleTimeoutMs = 0;
}

// What the replica holds before the remote says anything: fixed, so that runs
// are reproducible.
void seed(Scuttlebutt &replica)
{
    const Update updates[] = {
            {QStringLiteral("a"), "1", 1700000000000.0, kLocalId},
            {QStringLiteral("b"), "{\"x\":[1,2]}", 1700000000001.0, QStringLiteral("OTHER")},
            {QStringLiteral("c"), "null", 1700000000002.0, kLocalId},
            {QStringLiteral("0"), "\"zero\"", 1700000000003.5, QStringLiteral("OTHER")},
            {QStringLiteral("a"), "2", 1700000000004.0, QStringLiteral("OTHER")},
    };
    for (const Update &update : updates)
        replica.receive(update);
}

QString describe(const Update &update)
{
    return QStringLiteral("[%1, %2, %3, %4]")
            .arg(update.key(), QString::fromUtf8(update.value()))
            .arg(update.timestamp(), 0, 'g', 17)
            .arg(update.source());
}

// Newer for the same key, as Model decides: timestamp, then source.
bool supersedes(const Update &now, const Update &before)
{
    return now.timestamp() > before.timestamp()
            || (now.timestamp() == before.timestamp() && now.source() > before.source());
}

class Run
{
public:
    Run(const Config &config, QByteArrayView input) : m_config(config), m_input(input) { }

    void execute()
    {
        m_replica = makeReplica(m_config.type, kLocalId);
        seed(*m_replica);
        const QList<Update> historyBefore = m_replica->history();
        const Clock clockBefore = m_replica->clock();

        if (m_config.bystander)
            startBystander();

        StreamOptions options;
        options.name = QStringLiteral("fuzz");
        options.dialect = m_config.dialect;
        options.tail = m_config.tail;
        options.highWaterMark = m_config.highWaterMark;
        options.maxQueuedUpdates = m_config.maxQueuedUpdates;
        options.maxLineLength = m_config.maxLineLength;
        options.maxDepth = m_config.maxDepth;
        noDeadlines(options);
        m_device = std::make_unique<MemoryDevice>();
        m_stream = std::make_unique<Stream>(m_replica.get(), m_device.get(), options);
        QObject::connect(m_stream.get(), &Stream::errorOccurred, [this] { ++m_errors; });
        QObject::connect(m_stream.get(), &Stream::closed, [this] { ++m_closes; });
        m_stream->start();

        settle(true);
        checkWhileRemoteIsThere();
        m_device->endInput();
        settle(false);
        RUN_CHECK(m_stream->state() == Stream::State::Closed
                          || m_stream->state() == Stream::State::Failed,
                  QStringLiteral("still %1 after the remote ended")
                          .arg(Stream::stateName(m_stream->state())));
        RUN_CHECK(m_closes == 1, QStringLiteral("closed() emitted %1 times").arg(m_closes));
        checkReplica(historyBefore, clockBefore);
        checkOutput();
        if (m_config.bystander)
            checkBystander();
        checkStillWritable();

        m_stream.reset();
        m_device.reset();
        m_bystanderStreams[0].reset();
        m_bystanderStreams[1].reset();
        m_links[0].reset();
        m_links[1].reset();
        m_bystander.reset();
        m_replica.reset();
        FuzzSupport::deletePending();
    }

private:
    [[noreturn]] void failed(const char *condition, const QString &what) const
    {
        FuzzSupport::fail(__FILE__, __LINE__, condition,
                          QStringLiteral("%1 (%2; the stream says: %3)")
                                  .arg(what, QString::fromLatin1(m_config.name),
                                       m_stream ? m_stream->errorString() : QString()));
    }

    void startBystander()
    {
        m_bystander = std::make_unique<Model>(QStringLiteral("BYSTANDER"));
        // It must come to hold what the replica holds, the live updates of
        // THIRD stamped in 2027 included.
        m_bystander->setMaxClockSkew(0);
        m_links[0] = std::make_unique<MemoryDevice>(); // the replica's end
        m_links[1] = std::make_unique<MemoryDevice>(); // the bystander's end
        StreamOptions options;
        options.name = QStringLiteral("bystander");
        noDeadlines(options);
        m_bystanderStreams[0]
                = std::make_unique<Stream>(m_replica.get(), m_links[0].get(), options);
        m_bystanderStreams[1]
                = std::make_unique<Stream>(m_bystander.get(), m_links[1].get(), options);
        m_bystanderStreams[0]->start();
        m_bystanderStreams[1]->start();
    }

    // Moves bytes between the ends of the bystander's link; returns how many.
    qint64 shuttle()
    {
        if (!m_config.bystander)
            return 0;
        const QByteArray toBystander = m_links[0]->drain();
        const QByteArray toReplica = m_links[1]->drain();
        m_links[1]->feed(toBystander);
        m_links[0]->feed(toReplica);
        return toBystander.size() + toReplica.size();
    }

    // Runs the event loop until the input is fed (when feeding) and nothing
    // moves any more.
    void settle(bool feeding)
    {
        int idle = 0;
        for (int round = 0; round < kMaxRounds; ++round) {
            qint64 activity = 0;
            if (feeding && m_fed < m_input.size()) {
                // Chunks of at least the configured size, and at most
                // kMaxFeeds of them: each read costs a large allocation.
                const qsizetype chunk = m_config.chunk > 0
                        ? qMax(m_config.chunk, m_input.size() / kMaxFeeds + 1)
                        : m_input.size();
                const qsizetype count = qMin(chunk, m_input.size() - m_fed);
                m_device->feed(m_input.sliced(m_fed, count));
                m_fed += count;
                activity += count;
            }
            if (m_config.liveUpdates && round % 3 == 1 && m_liveSent < kLiveUpdates) {
                // As if another stream of the replica had just received it.
                const QByteArray number = QByteArray::number(m_liveSent);
                m_replica->receive(Update(
                        QStringLiteral("live%1").arg(m_liveSent % 3),
                        m_config.type == sb::Doc::kTypeName ? "{\"n\":" + number + '}' : number,
                        1800000000000.0 + m_liveSent, QStringLiteral("THIRD")));
                ++m_liveSent;
                ++activity;
            }
            const qint64 linesBefore = m_stream->stats().linesIn;
            FuzzSupport::processEvents();
            activity += m_stream->stats().linesIn - linesBefore;
            activity += shuttle();
            const QByteArray out = m_device->drain(m_config.drainPerRound);
            m_output += out;
            activity += out.size();
            const bool inputPending = feeding && m_fed < m_input.size();
            const bool livePending = m_config.liveUpdates && m_liveSent < kLiveUpdates;
            idle = activity == 0 && !inputPending && !livePending ? idle + 1 : 0;
            if (idle >= kIdleRoundsToSettle)
                return;
        }
        RUN_CHECK(false,
                  QStringLiteral("the event loop did not settle in %1 rounds").arg(kMaxRounds));
    }

    void checkWhileRemoteIsThere()
    {
        const Stream::State state = m_stream->state();
        if (state == Stream::State::Failed) {
            RUN_CHECK(m_errors == 1,
                      QStringLiteral("errorOccurred emitted %1 times").arg(m_errors));
            RUN_CHECK(m_closes == 1, QStringLiteral("closed() emitted %1 times").arg(m_closes));
            RUN_CHECK(m_stream->errorString().startsWith(QStringLiteral("fuzz: "))
                              && m_stream->errorString().size() > 6,
                      QStringLiteral("the reason does not name the peer"));
            return;
        }
        RUN_CHECK(m_errors == 0,
                  QStringLiteral("errorOccurred emitted, yet %1").arg(Stream::stateName(state)));
        if (state == Stream::State::Closed) {
            // Only a stream without tail ends by itself, once synced.
            RUN_CHECK(!m_config.tail && m_stream->isSynced(),
                      QStringLiteral("closed while the remote is still there"));
            return;
        }
        RUN_CHECK(m_closes == 0,
                  QStringLiteral("closed() emitted, yet %1").arg(Stream::stateName(state)));
        RUN_CHECK(m_stream->isOpen(),
                  QStringLiteral("not open, yet %1").arg(Stream::stateName(state)));
    }

    void checkReplica(const QList<Update> &historyBefore, const Clock &clockBefore)
    {
        const Clock &clock = m_replica->clock();
        for (const QString &source : clockBefore.sources())
            RUN_CHECK(clock.latest(source) >= clockBefore.latest(source),
                      QStringLiteral("the clock of %1 went back").arg(source));
        const QList<Update> history = m_replica->history();
        for (const Update &update : history)
            RUN_CHECK(clock.latest(update.source()) >= update.timestamp(),
                      QStringLiteral("the clock lacks a held update %1").arg(describe(update)));
        RUN_CHECK(history.size() == m_replica->updateCount(),
                  QStringLiteral("history() has %1 updates, updateCount() says %2")
                          .arg(history.size())
                          .arg(m_replica->updateCount()));

        if (const auto *model = qobject_cast<const Model *>(m_replica.get())) {
            for (const Update &before : historyBefore) {
                const Update now = model->entry(before.key());
                RUN_CHECK(now.isValid() && (now == before || supersedes(now, before)),
                          QStringLiteral("%1 was held, now %2")
                                  .arg(describe(before),
                                       now.isValid() ? describe(now) : QStringLiteral("nothing")));
            }
            qsizetype live = 0;
            for (const Update &update : history)
                live += update.isDelete() ? 0 : 1;
            RUN_CHECK(live == model->liveKeyCount(), QStringLiteral("liveKeyCount() is off"));
            const QByteArray text = model->toJsonText();
            const auto parsed = JsonCodec::parse(text, {1 << 20});
            RUN_CHECK(parsed.ok() && parsed.value() == model->toJson(),
                      QStringLiteral("toJsonText() is not toJson(): %1")
                              .arg(FuzzSupport::excerpt(text)));
        } else if (qobject_cast<const Events *>(m_replica.get())) {
            QSet<QString> held;
            for (const Update &update : history)
                held.insert(describe(update));
            for (const Update &before : historyBefore)
                RUN_CHECK(held.contains(describe(before)),
                          QStringLiteral("the event %1 is gone").arg(describe(before)));
            const auto parsed
                    = JsonCodec::parse(JsonCodec::stringify(m_replica->toJson()), {1 << 20});
            RUN_CHECK(parsed.ok(), QStringLiteral("toJson() does not write as JSON"));
        } else if (const auto *doc = qobject_cast<const Doc *>(m_replica.get())) {
            const auto parsed = JsonCodec::parse(JsonCodec::stringify(doc->toJson()), {1 << 20});
            RUN_CHECK(parsed.ok() && parsed->isObject()
                              && parsed->toObject().size() == doc->rowCount(),
                      QStringLiteral("toJson() does not list every row"));
        }
    }

    void checkOutput()
    {
        const QList<QByteArray> lines = m_output.split('\n');
        // Output ends with a newline: the last piece is empty.
        RUN_CHECK(lines.last().isEmpty(),
                  QStringLiteral("output ends without a newline: %1")
                          .arg(FuzzSupport::excerpt(lines.last())));
        int syncs = 0;
        QSet<QString> sent[2]; // per dialect: the catch-up after a switch repeats
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const auto parsed = JsonCodec::parse(line, {1 << 20});
            RUN_CHECK(parsed.ok(),
                      QStringLiteral("wrote line %1, not JSON: %2")
                              .arg(i + 1)
                              .arg(FuzzSupport::excerpt(line)));
            RUN_CHECK(JsonCodec::stringify(parsed.value()) == line,
                      QStringLiteral("wrote line %1, not canonical: %2")
                              .arg(i + 1)
                              .arg(FuzzSupport::excerpt(line)));
            const JsonValue &value = parsed.value();
            if (i == 0) {
                RUN_CHECK(value.isObject() && value.toObject().value(u"id") == JsonValue(kLocalId),
                          QStringLiteral("the first line is not our digest: %1")
                                  .arg(FuzzSupport::excerpt(line)));
                continue;
            }
            if (value.isString()) {
                RUN_CHECK(value.toString() == u"SYNC",
                          QStringLiteral("wrote %1").arg(FuzzSupport::excerpt(line)));
                RUN_CHECK(++syncs == 1, QStringLiteral("wrote \"SYNC\" twice"));
                continue;
            }
            RUN_CHECK(value.isArray(), QStringLiteral("wrote %1").arg(FuzzSupport::excerpt(line)));
            const Dialect *dialect = Dialect::detect(value.toArray());
            RUN_CHECK(dialect != nullptr,
                      QStringLiteral("wrote %1").arg(FuzzSupport::excerpt(line)));
            const auto update = dialect->decode(value.toArray());
            RUN_CHECK(update.ok() && m_replica->validate(update.value()).ok(),
                      QStringLiteral("wrote a bad update: %1").arg(FuzzSupport::excerpt(line)));
            const QString id = QStringLiteral("%1 %2")
                                       .arg(update->source())
                                       .arg(update->timestamp(), 0, 'g', 17);
            auto &seen = sent[dialect->version() == 4 ? 1 : 0];
            RUN_CHECK(!seen.contains(id), QStringLiteral("sent %1 twice").arg(id));
            seen.insert(id);
        }
    }

    void checkBystander()
    {
        for (const auto &stream : m_bystanderStreams)
            RUN_CHECK(stream->isOpen(),
                      QStringLiteral("the bystander's link failed: %1").arg(stream->errorString()));
        QList<Update> ours = m_replica->history();
        QList<Update> theirs = m_bystander->history();
        RUN_CHECK(
                ours.size() == theirs.size() && ours == theirs,
                QStringLiteral(
                        "the bystander holds %1 updates, the replica %2; first difference: %3 / %4")
                        .arg(theirs.size())
                        .arg(ours.size())
                        .arg(firstDifference(ours, theirs), firstDifference(theirs, ours)));
    }

    // An update that names our own source with a timestamp far ahead must not
    // move our clock where none of our timestamps can follow it.
    void checkStillWritable()
    {
        const QString key = QStringLiteral("\u0001written here");
        Result<Update> update = Error{QStringLiteral("no change made")};
        if (auto *model = qobject_cast<Model *>(m_replica.get()))
            update = model->set(key, JsonValue(1));
        else if (auto *events = qobject_cast<Events *>(m_replica.get()))
            update = events->emitEvent(key, JsonValue(1));
        else if (auto *doc = qobject_cast<Doc *>(m_replica.get()))
            update = doc->setJson(key, R"({"n":1})");
        RUN_CHECK(update.ok(),
                  QStringLiteral("the replica can no longer make a change of its own: %1")
                          .arg(update.errorMessage()));
    }

    static QString firstDifference(const QList<Update> &a, const QList<Update> &b)
    {
        for (const Update &update : a) {
            if (!b.contains(update))
                return describe(update);
        }
        return QStringLiteral("none");
    }

    const Config &m_config;
    QByteArrayView m_input;
    qsizetype m_fed = 0;
    int m_liveSent = 0;
    int m_errors = 0;
    int m_closes = 0;
    QByteArray m_output;
    std::unique_ptr<Scuttlebutt> m_replica;
    std::unique_ptr<MemoryDevice> m_device;
    std::unique_ptr<Stream> m_stream;
    std::unique_ptr<Model> m_bystander;
    std::unique_ptr<MemoryDevice> m_links[2];
    std::unique_ptr<Stream> m_bystanderStreams[2];
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    // One configuration a run, picked by the input's length: three a run cost
    // three times as much, and mutations that add or drop a byte move an input
    // to the next configuration anyway.
    Run(kConfigs[size % std::size(kConfigs)], input).execute();
    return 0;
}

// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "digest.h"
#include "events.h"
#include "expectok.h"
#include "jsoncodec.h"
#include "model.h"
#include "replicafile.h"
#include "testfiles.h"
#include "withoutrootoverride.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/resource.h>

using namespace sb;
using namespace TestFiles;
using Durability = ReplicaFileOptions::Durability;

namespace {
JsonValue json(const char *text)
{
    return JsonCodec::parse(QByteArrayView(text)).value();
}

// The replica's content, in an order that survives a reload: a file (like a
// peer) gets a Model's keys in timestamp order, not in the order first set.
QByteArray stateOf(const Scuttlebutt *replica)
{
    const auto *model = qobject_cast<const Model *>(replica);
    if (!model)
        return JsonCodec::stringify(replica->toJson());
    QStringList keys = model->keys();
    keys.sort();
    QByteArray out = "{";
    for (const QString &key : std::as_const(keys)) {
        const Update update = model->entry(key);
        if (update.isDelete())
            continue;
        if (out.size() > 1)
            out += ',';
        JsonCodec::appendString(out, key);
        out += ':' + update.value();
    }
    return out + '}';
}

// A file as our own writer leaves it: digest with type, history, "SYNC".
const QByteArray kBase = QByteArrayLiteral(
        "{\"id\":\"ME\",\"clock\":{\"ME\":1700000000002},\"meta\":{\"type\":\"model\"}}\n"
        "[[\"a\",1],1700000000001,\"ME\"]\n"
        "\"SYNC\"\n"
        "[[\"b\",2],1700000000002,\"ME\"]\n");
} // namespace

class TestReplicaFile : public QObject
{
    Q_OBJECT

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }

    // Opens and waits for loaded() (returns the file) or failed() (null).
    std::unique_ptr<ReplicaFile> openFile(const QString &fileName,
                                          const ReplicaFileOptions &options = {},
                                          ReplicaFileError *error = nullptr)
    {
        auto file = std::make_unique<ReplicaFile>(fileName, options);
        QSignalSpy loaded(file.get(), &ReplicaFile::loaded);
        QSignalSpy failed(file.get(), &ReplicaFile::failed);
        file->open();
        (void)QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, 30000);
        if (!failed.isEmpty() && error)
            *error = failed.first().first().value<ReplicaFileError>();
        return loaded.isEmpty() ? nullptr : std::move(file);
    }

    // A file compacted only when asked, holding count keys, all durable.
    std::unique_ptr<ReplicaFile> openFileWithKeys(const QString &name, int count)
    {
        ReplicaFileOptions options;
        options.compactTailBytes = 0;
        auto file = openFile(path(name), options);
        if (!file)
            return nullptr;
        auto *model = qobject_cast<Model *>(file->replica());
        for (int i = 0; i < count; ++i)
            expectOk(model->set(QStringLiteral("key%1").arg(i),
                                json("{\"payload\":\"some text to make lines longer\"}")));
        const bool durable = QTest::qWaitFor(
                [&] { return file->durableSequence() == file->sequence(); }, 30000);
        return durable ? std::move(file) : nullptr;
    }

    static bool closeFile(ReplicaFile *file)
    {
        QSignalSpy closed(file, &ReplicaFile::closed);
        file->close();
        return QTest::qWaitFor([&] { return !closed.isEmpty(); }, 30000);
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void roundTripsAModel_data()
    {
        QTest::addColumn<Dialect::Choice>("dialect");
        QTest::addColumn<bool>("closeCleanly");
        QTest::newRow("5.x, closed") << Dialect::Choice::V5 << true;
        QTest::newRow("5.x, not closed (crash)") << Dialect::Choice::V5 << false;
        QTest::newRow("4.x, closed") << Dialect::Choice::V4 << true;
        QTest::newRow("4.x, not closed (crash)") << Dialect::Choice::V4 << false;
    }

    void roundTripsAModel()
    {
        QFETCH(Dialect::Choice, dialect);
        QFETCH(bool, closeCleanly);
        const QString fileName = path(QStringLiteral("model.sb"));
        ReplicaFileOptions options;
        options.dialect = dialect;
        options.durability = Durability::EveryUpdate;
        QString id;
        QByteArray expected;
        {
            auto file = openFile(fileName, options);
            QVERIFY(file);
            QVERIFY(file->report().created);
            auto *model = qobject_cast<Model *>(file->replica());
            QVERIFY(model);
            expectOk(model->set(QStringLiteral("a"), 1));
            expectOk(model->set(QStringLiteral("text"),
                                QStringLiteral("h\u00e9llo \"quoted\"\n\u2028 \U0001F600")));
            expectOk(model->set(QStringLiteral("nested"),
                                json("{\"x\":[1,2.5,{\"y\":null}],\"z\":false}")));
            expectOk(model->set(QStringLiteral("gone"), 1));
            expectOk(model->remove(QStringLiteral("gone")));
            expectOk(model->set(QStringLiteral("0"), true));
            expectOk(model->set(QStringLiteral("a"), 2));
            id = model->id();
            expected = stateOf(model);
            QTRY_COMPARE(file->durableSequence(), file->sequence());
            QCOMPARE(file->sequence(), quint64(7));
            if (closeCleanly)
                QVERIFY(closeFile(file.get()));
        }
        const QByteArray bytes = readBytes(fileName);
        QVERIFY(bytes.contains(dialect == Dialect::Choice::V4 ? "\n[\"a\",2," : "\n[[\"a\",2],"));
        auto file = openFile(fileName, options);
        QVERIFY(file);
        auto *model = qobject_cast<Model *>(file->replica());
        QVERIFY(model);
        QCOMPARE(model->id(), id);
        QCOMPARE(stateOf(model), expected);
        QVERIFY(model->contains(QStringLiteral("gone")));
        QVERIFY(!file->report().tornLine);
    }

    void roundTripsEvents_data()
    {
        QTest::addColumn<Dialect::Choice>("dialect");
        QTest::newRow("5.x") << Dialect::Choice::V5;
        QTest::newRow("4.x") << Dialect::Choice::V4;
    }

    void roundTripsEvents()
    {
        QFETCH(Dialect::Choice, dialect);
        const QString fileName = path(QStringLiteral("events.sb"));
        ReplicaFileOptions options;
        options.dialect = dialect;
        options.type = sb::Events::kTypeName;
        QByteArray expected;
        {
            auto file = openFile(fileName, options);
            QVERIFY(file);
            auto *events = qobject_cast<Events *>(file->replica());
            QVERIFY(events);
            expectOk(events->emitEvent(QStringLiteral("join"), json("{\"who\":\"ann\"}")));
            expectOk(events->emitEvent(QStringLiteral("say"), QStringLiteral("hi")));
            expectOk(events->emitEvent(QStringLiteral("say"), QStringLiteral("hi")));
            expectOk(events->emitEvent(QStringLiteral("leave"), json("[1,null]")));
            if (dialect == Dialect::Choice::V5)
                expectOk(events->emitEvent(
                        QStringLiteral("ping"))); // 4.x has no way to say "no data"
            expected = stateOf(events);
            QVERIFY(closeFile(file.get()));
        }
        // The type is in the file: no need to be told again.
        options.type.clear();
        auto file = openFile(fileName, options);
        QVERIFY(file);
        QCOMPARE(file->replica()->typeName(), QString(sb::Events::kTypeName));
        QCOMPARE(stateOf(file->replica()), expected);
        QCOMPARE(file->replica()->updateCount(), dialect == Dialect::Choice::V5 ? 5 : 4);
    }

    void writesTheWireFormatAndAppendsAtOnce()
    {
        const QString fileName = path(QStringLiteral("wire.sb"));
        ReplicaFileOptions options;
        options.id = QStringLiteral("FILEID");
        auto file = openFile(fileName, options);
        QVERIFY(file);
        QCOMPARE(readBytes(fileName),
                 QByteArray("{\"id\":\"FILEID\",\"clock\":{},\"meta\":{\"type\":\"model\"}}"
                            "\n\"SYNC\"\n"));
        auto *model = qobject_cast<Model *>(file->replica());
        const Update update = model->set(QStringLiteral("k"), json("{\"v\":[1]}")).value();
        // On disk (in the kernel) before set() returns, without the event loop.
        QByteArray line;
        Dialect::v5().appendUpdate(line, update);
        QVERIFY(readBytes(fileName).endsWith("\"SYNC\"\n" + line));
        QCOMPARE(file->tailLines(), 1);
    }

    void keepsItsIdAcrossRestarts()
    {
        const QString fileName = path(QStringLiteral("id.sb"));
        QString id;
        {
            auto file = openFile(fileName);
            QVERIFY(file);
            id = file->replica()->id();
            QVERIFY(id.size() > 20);
            expectOk(qobject_cast<Model *>(file->replica())->set(QStringLiteral("k"), 1));
        }
        for (int run = 0; run < 2; ++run) {
            auto file = openFile(fileName);
            QVERIFY(file);
            QCOMPARE(file->replica()->id(), id);
            const Update update
                    = qobject_cast<Model *>(file->replica())->set(QStringLiteral("k"), run).value();
            QCOMPARE(update.source(), id);
            QVERIFY(closeFile(file.get()));
        }
        ReplicaFileError error;
        ReplicaFileOptions other;
        other.id = QStringLiteral("SOMEONEELSE");
        QVERIFY(!openFile(fileName, other, &error));
        QVERIFY2(error.message().contains(
                         QStringLiteral("holds replica %1, not SOMEONEELSE").arg(id)),
                 qPrintable(error.message()));
    }

    void readsFilesOfOtherWriters_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QByteArray>("state");
        QTest::addColumn<int>("updates");
        const QByteArray digest = "{\"id\":\"NODE\",\"clock\":{\"NODE\":3}}\n";
        QTest::newRow("node 5.x, tail") << digest
                        + "[[\"a\",1],1,\"NODE\"]\n[[\"b\",\"x\"],2,\"NODE\"]\n\"SYNC\"\n[[\"a\",3]"
                          ",3,\"NODE\"]\n"
                                        << "NODE" << QByteArray("{\"a\":3,\"b\":\"x\"}") << 3;
        QTest::newRow("node 5.x, cut before SYNC") << digest + "[[\"a\",1],1,\"NODE\"]\n"
                                                   << "NODE" << QByteArray("{\"a\":1}") << 1;
        QTest::newRow("4.x updates")
                << digest + "[\"a\",1,1,\"NODE\"]\n\"SYNC\"\n[\"b\",{\"c\":[]},2,\"OTHER\"]\n"
                << "NODE" << QByteArray("{\"a\":1,\"b\":{\"c\":[]}}") << 2;
        QTest::newRow("mixed dialects")
                << digest + "[\"a\",1,1,\"NODE\"]\n[[\"b\",2],2,\"NODE\"]\n\"SYNC\"\n"
                << "NODE" << QByteArray("{\"a\":1,\"b\":2}") << 2;
        QTest::newRow("npm scuttlebutt 4.x createReadStream") << QByteArray(
                "\"OLD\"\n[\"a\",1,1,\"OLD\"]\n[\"a\",null,2,\"OLD\"]\n[\"c\",true,3,\"X\"]\n")
                                                              << "OLD" << QByteArray("{\"c\":true}")
                                                              << 3;
        QTest::newRow("last line without newline") << digest + "\"SYNC\"\n[[\"a\",1],1,\"NODE\"]"
                                                   << "NODE" << QByteArray("{\"a\":1}") << 1;
        QTest::newRow("digest without id")
                << QByteArray("{\"clock\":{}}\n\"SYNC\"\n[[\"a\",1],1,\"X\"]\n") << QString()
                << QByteArray("{\"a\":1}") << 1;
    }

    void readsFilesOfOtherWriters()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, id);
        QFETCH(QByteArray, state);
        QFETCH(int, updates);
        const QString fileName = path(QStringLiteral("other.sb"));
        writeBytes(fileName, content);

        ReplicaFileOptions readOnly;
        readOnly.access = ReplicaFileOptions::Access::ReadOnly;
        {
            auto file = openFile(fileName, readOnly);
            QVERIFY(file);
            QCOMPARE(stateOf(file->replica()), state);
            QCOMPARE(file->report().updates, updates);
            QVERIFY(!file->report().tornLine);
            if (!id.isEmpty())
                QCOMPARE(file->replica()->id(), id);
        }
        QCOMPARE(readBytes(fileName), content);

        // Opened for writing, it is rewritten once in our shape, keeping id and content.
        auto file = openFile(fileName);
        QVERIFY(file);
        const QString replicaId = file->replica()->id();
        QSignalSpy compacted(file.get(), &ReplicaFile::compacted);
        QTRY_COMPARE(compacted.count(), 1);
        QVERIFY(closeFile(file.get()));
        const QByteArray rewritten = readBytes(fileName);
        QVERIFY(rewritten.startsWith(QStringLiteral("{\"id\":\"%1\",").arg(replicaId).toUtf8()));
        QVERIFY(rewritten.contains("\"meta\":{\"type\":\"model\"}}\n"));
        QVERIFY(rewritten.contains("\n\"SYNC\"\n"));
        QVERIFY(!rewritten.contains("\n[\"")); // 5.x now
        auto again = openFile(fileName);
        QVERIFY(again);
        QCOMPARE(again->replica()->id(), replicaId);
        QCOMPARE(stateOf(again->replica()), state);
    }

    void keepsWhatTheDigestClockKnows()
    {
        // Our own latest update was superseded, so only the digest still knows
        // its timestamp, which lies ahead of this machine's clock.
        const double ahead = double(QDateTime::currentMSecsSinceEpoch()) + 60000;
        const QString fileName = path(QStringLiteral("clock.sb"));
        writeBytes(fileName,
                   QStringLiteral("{\"id\":\"ME\",\"clock\":{\"ME\":%1,\"X\":%2},"
                                  "\"meta\":{\"type\":\"model\"}}\n"
                                  "[[\"a\",\"x\"],%2,\"X\"]\n\"SYNC\"\n")
                           .arg(ahead, 0, 'f', 0)
                           .arg(ahead + 1, 0, 'f', 0)
                           .toUtf8());
        auto file = openFile(fileName);
        QVERIFY(file);
        QVERIFY(!file->replica()->clock().contains(QStringLiteral("ME"))); // rebuilt from history
        const Update update
                = qobject_cast<Model *>(file->replica())->set(QStringLiteral("b"), 1).value();
        QVERIFY(update.timestamp() > ahead); // peers holding ME:ahead take it
        QVERIFY(closeFile(file.get()));
        const auto digest = Digest::fromJson(
                json(readBytes(fileName).split('\n').first().constData()).toObject());
        QVERIFY(digest);
        QCOMPARE(digest->clock.latest(QStringLiteral("X")), ahead + 1);
        QCOMPARE(digest->clock.latest(QStringLiteral("ME")), update.timestamp());
    }

    void keepsTheDialectOfTheFileWhenAsked()
    {
        const QString fileName = path(QStringLiteral("v4.sb"));
        writeBytes(fileName,
                   "{\"id\":\"ME\",\"clock\":{},\"meta\":{\"type\":\"model\"}}\n"
                   "[\"a\",1,1,\"ME\"]\n\"SYNC\"\n");
        ReplicaFileOptions options;
        options.dialect = Dialect::Choice::Auto;
        auto file = openFile(fileName, options);
        QVERIFY(file);
        QCOMPARE(file->dialectVersion(), 4);
        const Update update
                = qobject_cast<Model *>(file->replica())->set(QStringLiteral("b"), 2).value();
        QByteArray line;
        Dialect::v4().appendUpdate(line, update);
        QVERIFY(readBytes(fileName).endsWith(line));
        QVERIFY(!file->isCompacting());
    }

    void takesTheTypeFromTheDigestMeta()
    {
        const QString fileName = path(QStringLiteral("typed.sb"));
        writeBytes(fileName,
                   "{\"id\":\"E\",\"clock\":{},\"meta\":{\"type\":\"events\",\"mine\":1}}\n"
                   "[[\"x\",1],1,\"E\"]\n[[\"x\",2],2,\"E\"]\n\"SYNC\"\n");
        ReplicaFileOptions readOnly;
        readOnly.access = ReplicaFileOptions::Access::ReadOnly;
        auto file = openFile(fileName, readOnly);
        QVERIFY(file);
        QCOMPARE(file->replica()->typeName(), QString(sb::Events::kTypeName));
        QCOMPARE(file->replica()->updateCount(), 2);

        ReplicaFileError error;
        ReplicaFileOptions asModel = readOnly;
        asModel.type = sb::Model::kTypeName;
        QVERIFY(!openFile(fileName, asModel, &error));
        QCOMPARE(error.line, 1);
        QCOMPARE(error.message(),
                 QStringLiteral("%1:1: the file holds an events replica, not a model one")
                         .arg(fileName));

        // Without the type recorded (a file from node), the caller says.
        writeBytes(fileName,
                   "{\"id\":\"E\",\"clock\":{}}\n[[\"x\",1],1,\"E\"]\n[[\"x\",2],2,\"E\"]"
                   "\n\"SYNC\"\n");
        QCOMPARE(openFile(fileName, readOnly)->replica()->typeName(),
                 QString(sb::Model::kTypeName));
        ReplicaFileOptions asEvents;
        asEvents.type = sb::Events::kTypeName;
        auto events = openFile(fileName, asEvents);
        QVERIFY(events);
        QCOMPARE(events->replica()->updateCount(), 2);
        QVERIFY(closeFile(events.get()));
        QVERIFY(readBytes(fileName).contains("\"meta\":{\"type\":\"events\"}"));
    }

    void refusesANewFileOfAnUnknownType()
    {
        // Every front end checks the type it is given; a caller that does
        // not is told so, instead of being handed no replica.
        const QString fileName = path(QStringLiteral("new.sb"));
        ReplicaFileOptions options;
        options.type = QStringLiteral("ledger");
        ReplicaFileError error;
        QVERIFY(!openFile(fileName, options, &error));
        QVERIFY2(error.reason.startsWith(QStringLiteral("no replica type is named \"ledger\"")),
                 qPrintable(error.message()));
        QVERIFY(!QFile::exists(fileName));
    }

    void acknowledgesEveryUpdateOnceDurable_data()
    {
        QTest::addColumn<Durability>("durability");
        QTest::newRow("every update") << Durability::EveryUpdate;
        QTest::newRow("group commit") << Durability::GroupCommit;
    }

    void acknowledgesEveryUpdateOnceDurable()
    {
        QFETCH(Durability, durability);
        ReplicaFileOptions options;
        options.durability = durability;
        options.groupCommitMs = 20;
        auto file = openFile(path(QStringLiteral("durable.sb")), options);
        QVERIFY(file);
        QSignalSpy durable(file.get(), &ReplicaFile::durable);
        auto *model = qobject_cast<Model *>(file->replica());
        for (int i = 1; i <= 300; ++i) {
            expectOk(model->set(QStringLiteral("k%1").arg(i % 17), i));
            if (i % 50 == 0)
                QTest::qWait(5);
        }
        QCOMPARE(file->sequence(), quint64(300));
        QTRY_COMPARE(file->durableSequence(), quint64(300));
        quint64 last = 0;
        for (const auto &arguments : std::as_const(durable)) {
            const quint64 sequence = arguments.first().toULongLong();
            QVERIFY(sequence > last);
            last = sequence;
        }
        QCOMPARE(last, quint64(300));
    }

    void groupCommitWaitsForItsInterval()
    {
        ReplicaFileOptions options;
        options.durability = Durability::GroupCommit;
        options.groupCommitMs = 300;
        auto file = openFile(path(QStringLiteral("group.sb")), options);
        QVERIFY(file);
        QTRY_COMPARE(file->durableSequence(), file->sequence()); // the creation's flush
        QElapsedTimer clock;
        clock.start();
        expectOk(qobject_cast<Model *>(file->replica())->set(QStringLiteral("k"), 1));
        QCOMPARE(file->durableSequence(), quint64(0));
        QTRY_COMPARE(file->durableSequence(), quint64(1));
        QVERIFY2(clock.elapsed() >= 200, qPrintable(QString::number(clock.elapsed())));
    }

    void closeWaitsUntilEverythingIsDurable()
    {
        ReplicaFileOptions options;
        options.groupCommitMs = 600000;
        auto file = openFile(path(QStringLiteral("close.sb")), options);
        QVERIFY(file);
        for (int i = 0; i < 5; ++i)
            expectOk(qobject_cast<Model *>(file->replica())->set(QStringLiteral("k%1").arg(i), i));
        QVERIFY(closeFile(file.get()));
        QCOMPARE(file->durableSequence(), quint64(5));
        QCOMPARE(file->state(), ReplicaFile::State::Closed);
        QVERIFY(!QFile::exists(path(QStringLiteral("close.sb.lock"))));
    }

    void compactsWhenTheJournalPassesTheThreshold()
    {
        const QString fileName = path(QStringLiteral("compact.sb"));
        ReplicaFileOptions options;
        options.compactTailBytes = 4096;
        auto file = openFile(fileName, options);
        QVERIFY(file);
        QSignalSpy compacted(file.get(), &ReplicaFile::compacted);
        auto *model = qobject_cast<Model *>(file->replica());
        for (int i = 0; i < 1000; ++i)
            expectOk(model->set(QStringLiteral("key%1").arg(i % 10), i));
        QTRY_VERIFY(compacted.count() >= 1);
        QTRY_VERIFY(!file->isCompacting());
        QVERIFY(file->tailBytes() < 4096);
        QVERIFY(QFileInfo(fileName).size() < 8192); // ten keys, not a thousand lines
        const QByteArray expected = stateOf(model);
        file.reset();
        auto again = openFile(fileName);
        QVERIFY(again);
        QCOMPARE(stateOf(again->replica()), expected);
    }

    void compactionUnderLoadLosesNothing()
    {
        const QString fileName = path(QStringLiteral("load.sb"));
        auto file = openFileWithKeys(QStringLiteral("load.sb"), 30000);
        QVERIFY(file);
        auto *model = qobject_cast<Model *>(file->replica());

        int during = 0;
        QTimer load;
        load.setInterval(0);
        connect(&load, &QTimer::timeout, this, [&] {
            if (!file->isCompacting())
                return;
            expectOk(model->set(QStringLiteral("live%1").arg(during % 50), during));
            ++during;
        });
        QSignalSpy compacted(file.get(), &ReplicaFile::compacted);
        QSignalSpy progress(file.get(), &ReplicaFile::compactionProgress);
        load.start();
        file->compact();
        QTRY_COMPARE(compacted.count(), 1);
        load.stop();
        qInfo("%d updates applied while compacting %lld keys, in %lld slices", during,
              qint64(model->updateCount()), qint64(progress.count()));
        QVERIFY(during > 0);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(file->tailLines(), during); // they follow the new snapshot's "SYNC"
        const QByteArray expected = stateOf(model);
        QVERIFY(closeFile(file.get()));
        auto again = openFile(fileName);
        QVERIFY(again);
        QCOMPARE(stateOf(again->replica()), expected);
    }

    void compactionKeepsKeysReplacedWhileItWrites()
    {
        // The snapshot lists the history when it starts and writes each line
        // from the store: a key replaced before its line is written is
        // skipped there, and its new value follows "SYNC".
        const QString fileName = path(QStringLiteral("replaced.sb"));
        constexpr int kKeys = 30000;
        auto file = openFileWithKeys(QStringLiteral("replaced.sb"), kKeys);
        QVERIFY(file);
        auto *model = qobject_cast<Model *>(file->replica());

        QSignalSpy compacted(file.get(), &ReplicaFile::compacted);
        file->compact();
        // The history is listed; not one line of it is written before the
        // event loop turns.
        QVERIFY(file->isCompacting());
        constexpr int kReplaced = 100;
        for (int i = 0; i < kReplaced; ++i)
            expectOk(model->set(QStringLiteral("key%1").arg(i * 7), i));
        QTRY_COMPARE(compacted.count(), 1);
        QCOMPARE(file->tailLines(), kReplaced);
        QCOMPARE(model->updateCount(), kKeys);
        const QByteArray expected = stateOf(model);
        QVERIFY(closeFile(file.get()));
        auto again = openFile(fileName);
        QVERIFY(again);
        QCOMPARE(stateOf(again->replica()), expected);
        QCOMPARE(again->replica()->updateCount(), kKeys);
    }

    void dropsAndReportsATornLastLine_data()
    {
        QTest::addColumn<QByteArray>("tail");
        QTest::addColumn<bool>("readOnly");
        const QByteArray cut = "[[\"c\",3],17000000";
        QTest::newRow("cut mid-update") << cut << false;
        QTest::newRow("cut mid-update, read-only") << cut << true;
        QTest::newRow("zeros after a power loss") << QByteArray(300, '\0') << false;
        QTest::newRow("unparsable last line with its newline") << cut + '\n' << false;
        QTest::newRow("cut mid-SYNC") << QByteArray("\"SY") << false;
    }

    void dropsAndReportsATornLastLine()
    {
        QFETCH(QByteArray, tail);
        QFETCH(bool, readOnly);
        const QString fileName = path(QStringLiteral("torn.sb"));
        writeBytes(fileName, kBase + tail);
        ReplicaFileOptions options;
        if (readOnly)
            options.access = ReplicaFileOptions::Access::ReadOnly;
        ReplicaFile file(fileName, options);
        QSignalSpy torn(&file, &ReplicaFile::tornLineDropped);
        QSignalSpy loaded(&file, &ReplicaFile::loaded);
        file.open();
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(torn.count(), 1);
        const auto report = torn.first().first().value<ReplicaFileError>();
        QCOMPARE(report.fileName, fileName);
        QCOMPARE(report.line, 5);
        QVERIFY2(report.message().startsWith(fileName + QStringLiteral(":5: the last line")),
                 qPrintable(report.message()));
        QCOMPARE(file.report().tornLine->line, 5);
        QCOMPARE(stateOf(file.replica()), QByteArray("{\"a\":1,\"b\":2}"));
        if (readOnly) {
            QCOMPARE(readBytes(fileName), kBase + tail);
            return;
        }
        // The torn bytes are gone before anything is appended after them.
        QCOMPARE(readBytes(fileName), kBase);
        expectOk(qobject_cast<Model *>(file.replica())->set(QStringLiteral("d"), 4));
        QVERIFY(closeFile(&file));
        auto again = openFile(fileName);
        QVERIFY(again);
        QVERIFY(!again->report().tornLine);
        QCOMPARE(stateOf(again->replica()), QByteArray("{\"a\":1,\"b\":2,\"d\":4}"));
    }

    void refusesACorruptFileNamingFileAndLine_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        const QByteArray digest = "{\"id\":\"ME\",\"clock\":{}}\n";
        const QByteArray good = "[[\"a\",1],1,\"ME\"]\n";
        const QByteArray end = "[[\"z\",1],9,\"ME\"]\n";
        auto file = [&](const QByteArray &line4) {
            return digest + good + "\"SYNC\"\n" + line4 + '\n' + end;
        };
        QTest::newRow("invalid JSON")
                << digest + "[[\"a\",1],17\n\"SYNC\"\n" + end << 2 << "invalid JSON";
        QTest::newRow("timestamp not a number")
                << file("[[\"b\",2],\"soon\",\"ME\"]") << 4 << "the timestamp is not a number";
        QTest::newRow("second digest")
                << file("{\"id\":\"X\",\"clock\":{}}") << 4 << "a second digest";
        QTest::newRow("SYNC twice") << file("\"SYNC\"") << 4 << "\"SYNC\" appears a second time";
        QTest::newRow("a number") << file("42") << 4 << "expected an update or \"SYNC\", got 42";
        QTest::newRow("short 4.x update")
                << file("[\"b\",2,17]") << 4 << "a 4.x update has 4 or 5 elements";
        QTest::newRow("source __proto__")
                << file("[[\"b\",2],17,\"__proto__\"]") << 4 << "__proto__";
        QTest::newRow("empty line") << file("") << 4 << "invalid JSON";
        QTest::newRow("bad line before a torn one")
                << digest + good + "nonsense\n[[\"z\",1],9" << 3 << "invalid JSON";
        QTest::newRow("not a replica file")
                << QByteArray("hello world\n") << 1 << "not a replica file";
        QTest::newRow("SYNC first") << QByteArray("\"SYNC\"\n") + good << 1 << "not a replica file";
        QTest::newRow("digest without clock")
                << QByteArray("{\"id\":\"ME\"}\n") + good << 1 << "the digest has no clock";
        QTest::newRow("clock not numbers")
                << QByteArray("{\"id\":\"ME\",\"clock\":{\"ME\":\"1\"}}\n") << 1
                << "not a finite number";
    }

    void refusesACorruptFileNamingFileAndLine()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        QFETCH(QString, reason);
        const QString fileName = path(QStringLiteral("corrupt.sb"));
        writeBytes(fileName, content);
        for (const auto access :
             {ReplicaFileOptions::Access::ReadWrite, ReplicaFileOptions::Access::ReadOnly}) {
            ReplicaFileOptions options;
            options.access = access;
            ReplicaFileError error;
            ReplicaFile file(fileName, options);
            QSignalSpy failed(&file, &ReplicaFile::failed);
            QSignalSpy loaded(&file, &ReplicaFile::loaded);
            file.open();
            QTRY_COMPARE(failed.count(), 1);
            error = failed.first().first().value<ReplicaFileError>();
            QCOMPARE(loaded.count(), 0);
            QVERIFY(!file.replica());
            QCOMPARE(file.state(), ReplicaFile::State::Failed);
            QCOMPARE(error.fileName, fileName);
            QCOMPARE(error.line, line);
            QVERIFY2(error.message().startsWith(QStringLiteral("%1:%2: ").arg(fileName).arg(line)),
                     qPrintable(error.message()));
            QVERIFY2(error.reason.contains(reason), qPrintable(error.message()));
            QCOMPARE(readBytes(fileName), content);
            QVERIFY(!QFile::exists(fileName + QStringLiteral(".lock")));
        }
    }

    void salvagesWhatIsReadableIntoARepairedCopy()
    {
        const QString fileName = path(QStringLiteral("damaged.sb"));
        const QByteArray content
                = "{\"id\":\"ME\",\"clock\":{}}\n[[\"a\",1],1,\"ME\"]\n[[\"b\",2],\"x\",\"ME\"]\n"
                  "\"SYNC\"\ngarbage\n[[\"c\",3],3,\"ME\"]\n";
        writeBytes(fileName, content);
        ReplicaFileOptions options;
        options.recovery = ReplicaFileOptions::Recovery::Salvage;
        auto file = openFile(fileName, options);
        QVERIFY(file);
        QVERIFY(file->isReadOnly());
        QCOMPARE(file->report().skippedLines.size(), 2);
        QCOMPARE(file->report().skippedLines.at(0).line, 3);
        QCOMPARE(file->report().skippedLines.at(1).line, 5);
        QCOMPARE(stateOf(file->replica()), QByteArray("{\"a\":1,\"c\":3}"));

        const QString repaired = path(QStringLiteral("repaired.sb"));
        QSignalSpy saved(file.get(), &ReplicaFile::copySaved);
        file->saveCopy(repaired);
        QTRY_COMPARE(saved.count(), 1);
        QCOMPARE(readBytes(fileName), content);
        auto copy = openFile(repaired);
        QVERIFY(copy);
        QCOMPARE(copy->replica()->id(), QStringLiteral("ME"));
        QCOMPARE(stateOf(copy->replica()), QByteArray("{\"a\":1,\"c\":3}"));
    }

    void readOnlyNeverTouchesTheFile()
    {
        const QString fileName = path(QStringLiteral("ro.sb"));
        const QByteArray content = "{\"id\":\"N\",\"clock\":{}}\n[[\"a\",1],1,\"N\"]\n[[\"b\",2],2";
        writeBytes(fileName, content);
        ReplicaFileOptions options;
        options.access = ReplicaFileOptions::Access::ReadOnly;
        auto file = openFile(fileName, options);
        QVERIFY(file);
        QVERIFY(!QFile::exists(fileName + QStringLiteral(".lock")));
        expectOk(qobject_cast<Model *>(file->replica())->set(QStringLiteral("x"), 1));
        file->compact();
        QVERIFY(!file->isWritable());
        QVERIFY(closeFile(file.get()));
        QCOMPARE(readBytes(fileName), content);

        ReplicaFileError error;
        QVERIFY(!openFile(path(QStringLiteral("absent.sb")), options, &error));
        QCOMPARE(error.message(),
                 path(QStringLiteral("absent.sb")) + QStringLiteral(": the file does not exist"));
        QVERIFY(!QFile::exists(path(QStringLiteral("absent.sb"))));
    }

    void refusesASecondWriter()
    {
        const QString fileName = path(QStringLiteral("locked.sb"));
        auto first = openFile(fileName);
        QVERIFY(first);
        ReplicaFileError error;
        QVERIFY(!openFile(fileName, {}, &error));
        QVERIFY2(error.reason.contains(QStringLiteral("in use by")), qPrintable(error.message()));
        ReplicaFileOptions readOnly;
        readOnly.access = ReplicaFileOptions::Access::ReadOnly;
        QVERIFY(openFile(fileName, readOnly));
        QVERIFY(closeFile(first.get()));
        QVERIFY(openFile(fileName));
    }

    void readOnlyDirectoryKeepsTheOldFileAndTheReplica()
    {
        WithoutRootOverride asUser;
        const QString directory = path(QStringLiteral("sub"));
        QVERIFY(QDir().mkpath(directory));
        const QString fileName = directory + QStringLiteral("/r.sb");
        ReplicaFileOptions options;
        options.durability = Durability::EveryUpdate;
        options.retryInitialMs = 60000;
        auto file = openFile(fileName, options);
        QVERIFY(file);
        auto *model = qobject_cast<Model *>(file->replica());
        expectOk(model->set(QStringLiteral("a"), 1));
        QTRY_COMPARE(file->durableSequence(), quint64(1));

        QVERIFY(QFile::setPermissions(directory, QFile::ReadOwner | QFile::ExeOwner));
        if (QFile probe(directory + QStringLiteral("/probe")); probe.open(QIODevice::WriteOnly)) {
            QFile::setPermissions(directory,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QSKIP("this process can write to a read-only directory (root without a way to drop "
                  "it)");
        }
        const QByteArray before = readBytes(fileName);
        QSignalSpy errors(file.get(), &ReplicaFile::errorOccurred);
        file->compact();
        QTRY_COMPARE(errors.count(), 1);
        const auto error = errors.first().first().value<ReplicaFileError>();
        QCOMPARE(error.fileName, fileName);
        QVERIFY2(error.reason.contains(QStringLiteral("cannot create a new snapshot")),
                 qPrintable(error.message()));
        QVERIFY2(error.reason.contains(QStringLiteral("still holds every update")),
                 qPrintable(error.message()));
        QCOMPARE(readBytes(fileName), before);
        QCOMPARE(QDir(directory).entryList(QDir::Files | QDir::Hidden).size(),
                 2); // the file and its lock

        // The replica goes on, and so does the journal.
        expectOk(model->set(QStringLiteral("b"), 2));
        QTRY_COMPARE(file->durableSequence(), quint64(2));
        QVERIFY(file->isWritable());

        QVERIFY(QFile::setPermissions(directory,
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QSignalSpy compacted(file.get(), &ReplicaFile::compacted);
        file->compact();
        QTRY_COMPARE(compacted.count(), 1);
        QVERIFY(closeFile(file.get()));
        auto again = openFile(fileName);
        QVERIFY(again);
        QCOMPARE(stateOf(again->replica()), QByteArray("{\"a\":1,\"b\":2}"));
    }

    void unwritableFileIsReportedAndLeftAlone()
    {
        WithoutRootOverride asUser;
        const QString fileName = path(QStringLiteral("locked-down.sb"));
        writeBytes(fileName, kBase);
        QVERIFY(QFile::setPermissions(fileName, QFile::ReadOwner));
        if (QFile probe(fileName); probe.open(QIODevice::Append)) {
            QFile::setPermissions(fileName, QFile::ReadOwner | QFile::WriteOwner);
            QSKIP("this process can write to a read-only file (root without a way to drop it)");
        }
        auto file = std::make_unique<ReplicaFile>(fileName);
        QSignalSpy errors(file.get(), &ReplicaFile::errorOccurred);
        QSignalSpy loaded(file.get(), &ReplicaFile::loaded);
        file->open();
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(errors.count(), 1);
        const auto error = errors.first().first().value<ReplicaFileError>();
        QVERIFY2(error.message().startsWith(fileName + QStringLiteral(": cannot open for writing")),
                 qPrintable(error.message()));
        QVERIFY(!file->isWritable());
        // Still a working replica, in memory.
        QVERIFY(qobject_cast<Model *>(file->replica())->set(QStringLiteral("c"), 3).ok());
        QCOMPARE(stateOf(file->replica()), QByteArray("{\"a\":1,\"b\":2,\"c\":3}"));
        file.reset();
        QFile::setPermissions(fileName, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(readBytes(fileName), kBase);
    }

    void fullDiskIsReportedAndNothingIsLost()
    {
        const QString fileName = path(QStringLiteral("full.sb"));
        ReplicaFileOptions options;
        options.durability = Durability::EveryUpdate;
        options.retryInitialMs = 20;
        options.retryMaxMs = 40;
        options.compactTailBytes = 0;
        auto file = openFile(fileName, options);
        QVERIFY(file);
        auto *model = qobject_cast<Model *>(file->replica());
        for (int i = 0; i < 10; ++i)
            expectOk(model->set(QStringLiteral("before%1").arg(i), i));
        QTRY_COMPARE(file->durableSequence(), quint64(10));
        const QByteArray before = readBytes(fileName);

        // A disk that is full past a few more lines: writes beyond fail with EFBIG.
        rlimit saved{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = saved;
        limited.rlim_cur = rlim_t(before.size() + 150);
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
        QSignalSpy errors(file.get(), &ReplicaFile::errorOccurred);
        QSignalSpy recovered(file.get(), &ReplicaFile::recovered);
        for (int i = 0; i < 20; ++i)
            expectOk(model->set(QStringLiteral("during%1").arg(i),
                                QStringLiteral("a value of some forty bytes, or so")));
        const bool sawError = !errors.isEmpty() && !file->isWritable();
        QTest::qWait(200); // retries fail while the disk stays full
        const qsizetype failures = errors.size();
        ReplicaFileError firstError = errors.isEmpty()
                ? ReplicaFileError{}
                : errors.first().first().value<ReplicaFileError>();
        const QByteArray whileFull = readBytes(fileName);
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &saved) == 0);

        QVERIFY(sawError);
        QVERIFY(failures >= 2);
        QVERIFY2(firstError.reason.contains(QStringLiteral("cannot append")),
                 qPrintable(firstError.message()));
        QVERIFY(whileFull.endsWith('\n')); // whole lines only: no torn end was left
        QVERIFY(quint64(whileFull.size()) <= quint64(limited.rlim_cur));
        QVERIFY(file->durableSequence() < file->sequence());

        QTRY_COMPARE(recovered.count(), 1);
        QTRY_COMPARE(file->durableSequence(), file->sequence());
        std::signal(SIGXFSZ, oldHandler);
        const QByteArray expected = stateOf(model);
        QCOMPARE(model->liveKeyCount(), 30);
        file.reset(); // not even closed
        auto again = openFile(fileName);
        QVERIFY(again);
        QCOMPARE(stateOf(again->replica()), expected);
    }

    void loadsABigFileInSlicesReportingProgress()
    {
        const QString fileName = path(QStringLiteral("big.sb"));
        QByteArray content = "{\"id\":\"BIG\",\"clock\":{},\"meta\":{\"type\":\"model\"}}\n";
        const int count = 100000;
        for (int i = 0; i < count; ++i)
            content += QStringLiteral("[[\"key%1\",{\"n\":%1,\"s\":\"payload\"}],%2,\"BIG\"]\n")
                               .arg(i)
                               .arg(1700000000000.0 + i, 0, 'f', 0)
                               .toUtf8();
        content += "\"SYNC\"\n";
        writeBytes(fileName, content);

        ReplicaFile file(fileName);
        QSignalSpy progress(&file, &ReplicaFile::loadProgress);
        QSignalSpy loaded(&file, &ReplicaFile::loaded);
        // The event loop turns between slices: a call queued at each progress
        // report runs before the load ends. (Counted in turns, not in timer
        // ticks, which a busy machine may deliver late.)
        int turns = 0;
        int turnsWhenLoaded = -1;
        connect(&file, &ReplicaFile::loadProgress, this, [&] {
            QMetaObject::invokeMethod(
                    this, [&] { ++turns; }, Qt::QueuedConnection);
        });
        connect(&file, &ReplicaFile::loaded, this, [&] { turnsWhenLoaded = turns; });
        QElapsedTimer clock;
        clock.start();
        file.open();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, 60000);
        qInfo("loaded %d updates in %lld ms: %lld progress reports, %d event-loop turns meanwhile",
              count, clock.elapsed(), qint64(progress.count()), turnsWhenLoaded);
        QCOMPARE(file.replica()->updateCount(), count);
        QVERIFY(progress.count() >= 3);
        QVERIFY2(turnsWhenLoaded >= 2, qPrintable(QString::number(turnsWhenLoaded)));
        QCOMPARE(progress.last().at(0).toLongLong(), content.size());
    }
};

QTEST_GUILESS_MAIN(TestReplicaFile)
#include "tst_replicafile.moc"

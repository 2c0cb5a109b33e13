// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "jsonvalue.h"
#include "result.h"
#include "update.h"
#include "updatelistener.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <limits>
#include <vector>

namespace sb {

class Dialect;
class Stream;

// The replica base of the scuttlebutt protocol: an id, the clock of every
// source it has heard from, and the rules for taking in an update (old data is
// dropped, signed sources are verified, the clock advances, then the subclass
// applies it). Streams replicate it; Model, Events and Doc give it meaning.
//
// A subclass needs what npm scuttlebutt asks of one, history() and
// applyUpdate(), and a typeName(); registered with ReplicaTypes, it then
// replicates over every stream and dialect, with limits, signatures, files and
// tools. The other virtuals have working defaults built on history(); Model
// and Events override them to write millions of updates without copying.
class Scuttlebutt : public QObject
{
    Q_OBJECT

public:
    // Rejected: stamped too far ahead (checkClockSkew); only streams get it.
    enum class Outcome { Applied, OldData, Unverified, NotApplied, Rejected };
    Q_ENUM(Outcome)

    // Fails with why an update from a remote source must not be applied.
    // Installed by the security layer.
    using Verifier = std::function<Result<void>(const Update &)>;
    // Returns the signature for one of our own updates.
    using Signer = std::function<QString(const Update &)>;

    explicit Scuttlebutt(const QString &id = {}, QObject *parent = nullptr);
    ~Scuttlebutt() override;

    // The name ReplicaTypes knows this type by ("model", "events", "doc"):
    // files, trace headers and sbpeer's --type name it so.
    virtual QString typeName() const = 0;

    const QString &id() const { return m_id; }
    // Refuses (returns false) an empty id and "__proto__".
    bool setId(const QString &id);
    const Clock &clock() const { return m_clock; }

    // A random id shaped like npm scuttlebutt's createId: long uppercase hex.
    static QString createId();
    // Fails with why update cannot be taken in by this replica.
    virtual Result<void> validate(const Update &update) const;
    // Whether a stream's error says its peer sent a crdt tombstone to a
    // replica that refuses them: the peer is a crdt Doc, to be read as one.
    static bool isCrdtDocRefusal(const QString &streamError);
    // A value typed as JSON text, as every replica's *Json writer reads it;
    // text that is not JSON is refused with Error::Kind::InvalidJson and one
    // message. Depth is left to the write, which names the limit.
    static Result<JsonValue> parseValueJson(QByteArrayView json);

    // How far ahead of our wall clock a peer's update may be stamped. One
    // stamped further ahead would move its source's clock (ours, if it names
    // us) where no honest writer can follow, so streams reject it without
    // taking it in (see checkClockSkew). Our own updates are stamped after the
    // newest update taken in from others within this bound, so a local write
    // made after seeing a peer whose clock runs ahead still wins.
    static constexpr qint64 kDefaultMaxClockSkewMs = 10 * 60 * 1000;
    void setMaxClockSkew(qint64 milliseconds)
    {
        m_maxClockSkewMs = milliseconds;
        m_skewBound = -std::numeric_limits<double>::infinity();
    }
    qint64 maxClockSkew() const { return m_maxClockSkewMs; }
    // Fails with how far ahead of our wall clock update is stamped, when that
    // is too far.
    Result<void> checkClockSkew(const Update &update) const;

    // The deepest a value may nest. A 5.x update line nests its value two
    // levels deeper, so at this depth it fits the 64 levels every peer takes
    // in (StreamOptions::maxDepth): a value we hold is one we can pass on.
    // Deeper local values are refused.
    static constexpr int kMaxValueDepth = 62;

    // Takes in an update from a file or any other source of our own keeping:
    // what npm scuttlebutt's _update does (streams also check the clock skew,
    // see receiveFrom). The update must have passed validate(). Unlike the JS,
    // an update claiming our own id is verified too: only localUpdate() is exempt.
    Outcome receive(const Update &update);

    // A hint that an update for the key with this JSON token comes next:
    // replicas that can start fetching what it needs from memory do.
    virtual void prepareFor(QByteArrayView keyToken) const { Q_UNUSED(keyToken); }

    // Every held update the remote clock lacks, ordered by timestamp then source.
    virtual QList<Update> history(const Clock &remote = {}) const = 0;

    // One held update in history order, small enough to list millions of:
    // its timestamp, its source as a number (historySource() gives the id) and
    // which update it is, in the replica's own numbering.
    struct HistoryRef
    {
        double timestamp;
        quint32 source;
        quint32 item;
    };
    // What history(remote) lists, without making an Update of each: streams
    // write a large history from these, one line at a time. The default lists
    // history(remote) and keeps it until the next call, for the lines.
    virtual std::vector<HistoryRef> historyRefs(const Clock &remote) const;
    virtual const QString &historySource(quint32 source) const;
    // Appends the update ref stands for as one line in dialect. Returns false,
    // appending nothing, when the replica no longer holds it (a newer update
    // for the key replaced it, which streams get as a live update instead).
    virtual bool appendHistoryLine(const HistoryRef &ref, const Dialect &dialect,
                                   QByteArray &out) const;
    // How many held updates the remote clock lacks: the size of
    // historyRefs(remote), counted without listing or sorting them (the sync
    // health charts ask every second how far behind each peer is).
    virtual qsizetype updatesLackedBy(const Clock &remote) const
    {
        return qsizetype(historyRefs(remote).size());
    }
    // Number of updates held (for Model one per key, for Events every event).
    virtual qsizetype updateCount() const { return history().size(); }
    // The replica as node's toJSON shows it; by default the history as an
    // array of [transaction, timestamp, source].
    virtual JsonValue toJson() const;

    void setVerifier(Verifier verifier) { m_verifier = std::move(verifier); }
    void setSigner(Signer signer) { m_signer = std::move(signer); }

    // Ends every stream of this replica, as the JS dispose() does.
    void dispose();

signals:
    void updateApplied(const sb::Update &update);
    // One of our own changes (localUpdate) was applied, after updateApplied.
    void localUpdateApplied(const sb::Update &update);
    void oldDataReceived(const sb::Update &update);
    void unverifiedDataReceived(const sb::Update &update, const QString &reason);
    void idChanged(const QString &id);
    void disposed();

protected:
    // Stamps, signs and takes in a change of our own; returns the update, or
    // why it was refused: a value nested deeper than kMaxValueDepth, a key
    // validate() refuses, or a newer update the subclass holds for the key.
    Result<Update> localUpdate(const QString &key, const QByteArray &valueJson);
    virtual bool applyUpdate(const Update &update) = 0;
    // Puts refs in history order: by timestamp, then by source id, where
    // sourceIds[n] is the id of source number n.
    static void sortHistory(std::vector<HistoryRef> &refs, const std::vector<QString> &sourceIds);

private:
    friend class Stream;

    // What receive() does for an update a stream read, after the clock-skew
    // check that only peers' updates get: a stamp too far ahead is Rejected
    // with *rejection set, and nothing moves. An Unverified one sets
    // *rejection to the verifier's reason. The streams sending our changes
    // on are told of the update, all but origin, which already has it.
    Outcome receiveFrom(const Update &update, const UpdateListener *origin, QString *rejection);
    // A full sync applies hundreds of thousands of updates a second, and a
    // signal per update and stream cost a tenth of it: streams are called
    // directly instead. A stream attaches while it sends, and detaches when it
    // ends or is destroyed; detaching while the streams are being told only
    // clears its place.
    void attachStream(UpdateListener *stream);
    void detachStream(UpdateListener *stream);
    void tellStreams(const Update &update, const UpdateListener *origin);
    // withinSkew: the caller has checked the update's clock skew already.
    // *unverified: the verifier's reason, when it refuses the update.
    Outcome take(const Update &update, bool verify, const UpdateListener *origin = nullptr,
                 bool withinSkew = false, QString *unverified = nullptr);

    QString m_id;
    Clock m_clock;
    Verifier m_verifier;
    Signer m_signer;
    qint64 m_maxClockSkewMs = kDefaultMaxClockSkewMs;
    double m_newestTaken = 0; // of others' updates applied, within the clock skew
    // Wall clock + maximum skew when the clock was last read (checkClockSkew).
    mutable double m_skewBound = -std::numeric_limits<double>::infinity();
    std::vector<UpdateListener *> m_streams; // attached; null where one detached while telling
    int m_tellingStreams = 0;
    // The default historyRefs(): the updates it listed last, by source number
    // and timestamp, which name one update of a source.
    struct DefaultHistory;
    mutable std::unique_ptr<DefaultHistory> m_defaultHistory;
};

} // namespace sb

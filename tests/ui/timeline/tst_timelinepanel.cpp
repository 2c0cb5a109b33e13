// SPDX-License-Identifier: MIT
#include "expectok.h"
#include "jsonpane.h"
#include "model.h"
#include "snapshotmodel.h"
#include "testsupport.h"
#include "timelinemodel.h"
#include "timelinepanel.h"
#include "timelineview.h"

#include <QLabel>
#include <QSlider>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace sb;

class TestTimelinePanel : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void scrubbingBackShowsTheEarlierValueOfAKey();
    void keysUnchangedDuringTheTimelineKeepTheirValue();
    void clickingAnUpdateInTheLanesShowsItsJson();
    void oldAndUnverifiedUpdatesAreRecordedAsSuch();
    void droppingTheOldestUpdatesIsSaidAndBoundsMemory();
    void liveModeFollowsNewUpdates();

private:
    void build(int capacity = 1000);
    QString snapshotValue(const QString &key) const;

    std::unique_ptr<Model> m_model;
    std::unique_ptr<TimelineModel> m_timeline;
    std::unique_ptr<TimelinePanel> m_panel;
};

void TestTimelinePanel::build(int capacity)
{
    if (!m_model)
        m_model = std::make_unique<Model>(QStringLiteral("LOCAL"));
    m_timeline = std::make_unique<TimelineModel>(m_model.get(), capacity);
    m_panel = std::make_unique<TimelinePanel>();
    m_panel->setModels(m_timeline.get(), m_model.get());
    // The timeline it shows, and the snapshot it rebuilds as it travels.
    TestSupport::watchModel(m_timeline.get());
    TestSupport::watchModels(m_panel.get());
    m_panel->resize(1100, 500);
    m_panel->show();
}

void TestTimelinePanel::cleanup()
{
    m_panel.reset();
    m_timeline.reset();
    m_model.reset();
}

QString TestTimelinePanel::snapshotValue(const QString &key) const
{
    const int row = m_panel->snapshot()->rowOfKey(key);
    return row < 0 ? QString()
                   : m_panel->snapshot()->index(row, SnapshotModel::ValueColumn).data().toString();
}

void TestTimelinePanel::scrubbingBackShowsTheEarlierValueOfAKey()
{
    build();
    expectOk(m_model->set(QStringLiteral("status"), JsonValue(QStringLiteral("draft"))));
    m_model->receive(Update(QStringLiteral("status"), "\"review\"", 9e12, QStringLiteral("PEER")));
    expectOk(m_model->set(QStringLiteral("later"), JsonValue(1)));
    QTRY_COMPARE(m_timeline->rowCount(), 3);

    m_panel->scrubber()->setValue(0);
    QVERIFY(!m_panel->isLive());
    QTRY_COMPARE(snapshotValue(QStringLiteral("status")), QStringLiteral("\"draft\""));
    QCOMPARE(m_panel->snapshot()->rowOfKey(QStringLiteral("later")), -1); // did not exist yet
    QCOMPARE(m_panel->view()->cursorRow(), 0);

    m_panel->scrubber()->setValue(1);
    QTRY_COMPARE(snapshotValue(QStringLiteral("status")), QStringLiteral("\"review\""));
    // The present is untouched: time travel is read-only.
    QCOMPARE(m_model->entry(QStringLiteral("status")).value(), QByteArray("\"review\""));
}

void TestTimelinePanel::keysUnchangedDuringTheTimelineKeepTheirValue()
{
    m_model = std::make_unique<Model>(QStringLiteral("LOCAL"));
    expectOk(m_model->set(QStringLiteral("old"), JsonValue(QStringLiteral("before"))));
    build();
    expectOk(m_model->set(QStringLiteral("new"), JsonValue(1)));
    expectOk(m_model->set(QStringLiteral("new"), JsonValue(2)));
    QTRY_COMPARE(m_timeline->rowCount(), 2);
    m_panel->travelTo(0);
    m_panel->rebuildSnapshot();
    QCOMPARE(snapshotValue(QStringLiteral("old")), QStringLiteral("\"before\""));
    QCOMPARE(snapshotValue(QStringLiteral("new")), QStringLiteral("1"));
}

void TestTimelinePanel::clickingAnUpdateInTheLanesShowsItsJson()
{
    build();
    expectOk(m_model->set(QStringLiteral("a"), JsonValue(1)));
    m_model->receive(Update(QStringLiteral("b"), "{\"x\":[1,2]}", 9e12, QStringLiteral("PEER")));
    expectOk(m_model->set(QStringLiteral("c"), JsonValue(3)));
    QTRY_COMPARE(m_timeline->rowCount(), 3);
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));

    TimelineView *view = m_panel->view();
    const QRect marker = view->visualRect(m_timeline->index(1, 0));
    QVERIFY(view->viewport()->rect().contains(marker.center()));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, marker.center());
    QTRY_COMPARE(view->currentIndex().row(), 1);
    QCOMPARE(m_panel->updatePane()->text(),
             QStringLiteral("[[\"b\",{\"x\":[1,2]}],9000000000000,\"PEER\"]"));
    QCOMPARE(m_panel->scrubber()->value(), 1);
}

void TestTimelinePanel::oldAndUnverifiedUpdatesAreRecordedAsSuch()
{
    build();
    const Update update(QStringLiteral("k"), "1", 9e12, QStringLiteral("PEER"));
    m_model->receive(update);
    m_model->receive(update); // the same update again, by another path
    m_model->setVerifier([](const Update &u) -> Result<void> {
        if (u.source() == u"MALLORY")
            return Error{QStringLiteral("no public key for MALLORY")};
        return {};
    });
    m_model->receive(Update(QStringLiteral("k"), "666", 9e12 + 1, QStringLiteral("MALLORY")));
    QTRY_COMPARE(m_timeline->rowCount(), 3);

    const auto kind = [this](int row) {
        return TimelineEntry::Kind(m_timeline->index(row, 0).data(TimelineModel::KindRole).toInt());
    };
    QCOMPARE(kind(0), TimelineEntry::Kind::Applied);
    QCOMPARE(kind(1), TimelineEntry::Kind::OldData);
    QCOMPARE(kind(2), TimelineEntry::Kind::Unverified);
    QCOMPARE(m_timeline->index(1, TimelineModel::OutcomeColumn).data().toString(),
             QStringLiteral("old data"));
    QVERIFY(m_timeline->index(2, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("no public key for MALLORY")));
    // Dropped updates do not change the keys as they were.
    m_panel->travelTo(2);
    m_panel->rebuildSnapshot();
    QCOMPARE(snapshotValue(QStringLiteral("k")), QStringLiteral("1"));
}

void TestTimelinePanel::droppingTheOldestUpdatesIsSaidAndBoundsMemory()
{
    build(5);
    for (int i = 0; i < 8; ++i)
        expectOk(m_model->set(QStringLiteral("k%1").arg(i), JsonValue(i)));
    QTRY_COMPARE(m_timeline->droppedCount(), 3);
    QCOMPARE(m_timeline->rowCount(), 5);
    QCOMPARE(m_timeline->entryAt(0).sequence, 4);
    QVERIFY(!m_timeline->isComplete());
    const auto labels = m_panel->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *label) {
        return label->text().contains(QStringLiteral("3 oldest dropped"));
    }));

    // Keys first seen changing after the chosen point (k5, k6, k7 and now k0)
    // may have had an earlier value among the dropped updates: they are
    // counted, not guessed. Keys the timeline no longer holds at all kept
    // their value throughout.
    expectOk(m_model->set(QStringLiteral("k0"), JsonValue(100)));
    QTRY_COMPARE(m_timeline->droppedCount(), 4);
    m_panel->travelTo(0); // #5, k4
    m_panel->rebuildSnapshot();
    QCOMPARE(m_panel->snapshot()->unknownCount(), 4);
    QCOMPARE(snapshotValue(QStringLiteral("k4")), QStringLiteral("4"));
    QCOMPARE(snapshotValue(QStringLiteral("k1")), QStringLiteral("1"));
    QCOMPARE(m_panel->snapshot()->rowOfKey(QStringLiteral("k0")), -1);
}

void TestTimelinePanel::liveModeFollowsNewUpdates()
{
    build();
    expectOk(m_model->set(QStringLiteral("a"), JsonValue(1)));
    QTRY_COMPARE(m_timeline->rowCount(), 1);
    m_panel->travelTo(0);
    QVERIFY(!m_panel->isLive());
    m_panel->goLive();
    expectOk(m_model->set(QStringLiteral("b"), JsonValue(2)));
    QTRY_COMPARE(m_timeline->rowCount(), 2);
    QVERIFY(m_panel->isLive());
    QCOMPARE(m_panel->scrubber()->value(), 1);
    QCOMPARE(m_panel->view()->cursorRow(), -1);
    QVERIFY(m_panel->updatePane()->text().contains(QStringLiteral("\"b\",2")));
}

QTEST_MAIN(TestTimelinePanel)
#include "tst_timelinepanel.moc"

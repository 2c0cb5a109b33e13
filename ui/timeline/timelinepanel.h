// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class FilterLineEdit;
class QHBoxLayout;
class JsonPane;
class QLabel;
class QSlider;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QToolButton;
class SnapshotModel;
class TimelineModel;
class TimelineView;

namespace sb {
class Model;
}

// The update timeline: lanes of updates per source, a scrubber to travel back
// to any recorded update, the JSON of that update, and (for a Model) the keys
// as they were just after it. "Live" follows new updates as they arrive.
class TimelinePanel : public QWidget
{
    Q_OBJECT

public:
    explicit TimelinePanel(QWidget *parent = nullptr);

    // model is nullptr for an Events replica: no keys to travel through.
    void setModels(TimelineModel *timeline, sb::Model *model);

    TimelineView *view() const { return m_view; }
    QSlider *scrubber() const { return m_scrubber; }
    SnapshotModel *snapshot() const { return m_snapshot; }
    QTableView *snapshotTable() const { return m_snapshotTable; }
    QTableView *updatesTable() const { return m_updatesTable; }
    JsonPane *updatePane() const { return m_updatePane; }
    QSpinBox *capacityBox() const { return m_capacity; }

    bool isLive() const { return m_live; }
    // Shows the update in timeline row row and the keys as they were after it.
    enum class Reveal { Snapshot, KeepTab };
    void travelTo(int row, Reveal reveal = Reveal::Snapshot);
    void goLive();
    // Rebuilds the snapshot now rather than once scrubbing pauses.
    void rebuildSnapshot();

signals:
    void capacityChanged(int capacity);

private:
    QWidget *createSnapshotBox();
    void addLegend(QHBoxLayout *layout);
    void configureTable(QTableView *table);
    void onRowsChanged();
    void showUpdate(int row);
    void updateSummary();

    QPointer<TimelineModel> m_timeline;
    sb::Model *m_model = nullptr;
    TimelineView *m_view;
    QLabel *m_summary;
    QSpinBox *m_capacity;
    QToolButton *m_liveButton;
    QSlider *m_scrubber;
    QLabel *m_position;
    JsonPane *m_updatePane;
    QTabWidget *m_tabs;
    QTableView *m_updatesTable;
    QWidget *m_snapshotBox;
    QLabel *m_snapshotCaption;
    FilterLineEdit *m_snapshotFilter;
    SnapshotModel *m_snapshot;
    QSortFilterProxyModel *m_snapshotProxy;
    QTableView *m_snapshotTable;
    QTimer m_snapshotTimer;
    bool m_live = true;
    bool m_syncing = false; // guards the slider <-> view loop
    qint64 m_cursorSequence = 0;
};

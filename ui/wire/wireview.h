// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class FilterLineEdit;
class JsonPane;
class QAction;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;
class QToolButton;
class WireFilterModel;
class WireModel;
class WireRecorder;

// The Wire dock: every line each peer sent us and we sent it, one row each,
// tinted by kind, with the selected line's JSON indented below. Filters by
// peer, kind and search (text, key:NAME, source:ID); pauses so that a line
// can be read while traffic goes on; follows one peer's newest lines.
class WireView : public QWidget
{
    Q_OBJECT

public:
    WireView(WireModel *model, WireRecorder *recorder, QWidget *parent = nullptr);

    WireModel *model() const { return m_model; }
    WireFilterModel *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    JsonPane *linePane() const { return m_linePane; }
    QComboBox *peerBox() const { return m_peerBox; }
    QComboBox *kindBox() const { return m_kindBox; }
    FilterLineEdit *searchEdit() const { return m_search; }
    QToolButton *pauseButton() const { return m_pause; }
    QToolButton *captureButton() const { return m_capture; }
    QSpinBox *capacityBox() const { return m_capacity; }
    QLabel *summary() const { return m_summary; }
    QAction *followPeerAction() const { return m_followPeer; }

    // Shows only the peer's lines and keeps its newest in view.
    void followPeer(const QString &peer);

signals:
    void capacityChanged(int capacity);

private:
    void fillPeerBox();
    void showSelectedLine();
    void updateSummary();
    void scrollToNewest();
    bool isShowingNewest() const;
    int selectedSourceRow() const;

    WireModel *m_model;
    WireFilterModel *m_filter;
    QToolButton *m_capture;
    QToolButton *m_pause;
    QComboBox *m_peerBox;
    QComboBox *m_kindBox;
    FilterLineEdit *m_search;
    QSpinBox *m_capacity;
    QTableView *m_table;
    JsonPane *m_linePane;
    QLabel *m_summary;
    QAction *m_followPeer;
    QAction *m_copyLine;
    QAction *m_allPeers;
    bool m_following = false;
    bool m_atNewest = true; // before a reset: whether the newest rows were in view
};

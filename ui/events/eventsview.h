// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class EventsModel;
class FilterLineEdit;
class MessageBar;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

// The log of an Events replica, filterable, with a bar to emit an event (a
// name and JSON data, checked before anything is sent).
class EventsView : public QWidget
{
    Q_OBJECT

public:
    explicit EventsView(QWidget *parent = nullptr);

    void setModel(EventsModel *model);
    EventsModel *model() const;
    // A read-only replica (a damaged file, a replayed trace) takes no events.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    QTableView *table() const { return m_table; }
    QLineEdit *eventEdit() const { return m_event; }
    QLineEdit *dataEdit() const { return m_data; }
    QPushButton *emitButton() const { return m_emit; }
    MessageBar *messageBar() const { return m_messages; }
    FilterLineEdit *filterEdit() const { return m_filter; }

signals:
    void statusMessage(const QString &text);

private:
    void emitEvent();
    void onRowsInserted();

    QPointer<EventsModel> m_model;
    QSortFilterProxyModel *m_proxy;
    FilterLineEdit *m_filter;
    QLabel *m_count;
    QTableView *m_table;
    QLineEdit *m_event;
    QLineEdit *m_data;
    QPushButton *m_emit;
    MessageBar *m_messages;
    bool m_columnsSized = false;
    bool m_readOnly = false;
};

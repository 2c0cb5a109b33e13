// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class FilterLineEdit;
class MessageBar;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class RowsModel;

// A crdt Doc: its rows as a sortable, filterable table whose cells are edited
// as JSON (an edit sends only that field), a bar to set a row's fields, and a
// side list of crdt's Sets and Seqs: pick a field, and each of its values is
// a set whose rows are listed in sequence order (by _sort, as a Seq lists them).
class RowsView : public QWidget
{
    Q_OBJECT

public:
    explicit RowsView(QWidget *parent = nullptr);
    ~RowsView() override;

    // nullptr detaches the view (the replica is going away).
    void setModel(RowsModel *model);
    RowsModel *model() const;
    QTableView *table() const { return m_table; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    FilterLineEdit *filterEdit() const { return m_filter; }
    MessageBar *messageBar() const { return m_messages; }
    QLineEdit *rowIdEdit() const { return m_rowId; }
    QLineEdit *fieldsEdit() const { return m_fields; }
    QPushButton *setRowButton() const { return m_setRow; }
    QAction *removeRowsAction() const { return m_removeRows; }
    QComboBox *groupFieldBox() const { return m_groupField; }
    QListWidget *setsList() const { return m_sets; }
    QListWidget *sequenceList() const { return m_sequence; }

    void setReadOnly(bool readOnly);

signals:
    void statusMessage(const QString &text);

private:
    void setRow();
    void removeSelectedRows();
    void updateCount();
    void updateGroupFields();
    void updateSets();
    void updateSequence();
    void selectRow(const QString &rowId);

    QPointer<RowsModel> m_model;
    QSortFilterProxyModel *m_proxy;
    FilterLineEdit *m_filter;
    QLabel *m_count;
    MessageBar *m_messages;
    QTableView *m_table;
    QLineEdit *m_rowId;
    QLineEdit *m_fields;
    QPushButton *m_setRow;
    QAction *m_removeRows;
    QComboBox *m_groupField;
    QListWidget *m_sets;
    QListWidget *m_sequence;
    bool m_readOnly = false;
};

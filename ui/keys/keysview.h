// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class FilterLineEdit;
class JsonPane;
class KeysModel;
class KeysProxyModel;
class MessageBar;
class QAction;
class QCheckBox;
class QLabel;
class QTableView;

// The keys of a Model replica: a sortable, filterable table whose values are
// edited in place as JSON, with the selected value shown whole beside it.
// Rows changed by a remote peer light up briefly.
class KeysView : public QWidget
{
    Q_OBJECT

public:
    explicit KeysView(QWidget *parent = nullptr);
    ~KeysView() override;

    // nullptr detaches the view (the replica is going away).
    void setModel(KeysModel *model);
    KeysModel *model() const;
    KeysProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    MessageBar *messageBar() const { return m_messages; }
    FilterLineEdit *filterEdit() const { return m_filter; }

    QAction *addKeyAction() const { return m_addKey; }
    QAction *deleteKeysAction() const { return m_deleteKeys; }
    QAction *copyJsonAction() const { return m_copyJson; }

    // A replica opened read-only: values are shown, not edited.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    // Selects and shows key once it is in the table.
    void selectKey(const QString &key);
    QStringList selectedKeys() const;

signals:
    void statusMessage(const QString &text);

private:
    void createActions();
    void sizeColumns();
    void openAddKeyDialog();
    void deleteSelectedKeys();
    void copySelection(int what);
    void showContextMenu(const QPoint &position);
    void updateDetails();
    void updateActions();
    void updateCount();
    void onRowsInserted();
    void wakeAnimation();
    void animate();
    QList<int> selectedSourceRows() const;

    QPointer<KeysModel> m_model;
    KeysProxyModel *m_proxy;
    FilterLineEdit *m_filter;
    QCheckBox *m_showDeleted;
    QLabel *m_count;
    MessageBar *m_messages;
    MessageBar *m_staleNotice;
    QTableView *m_table;
    JsonPane *m_details;
    QAction *m_addKey = nullptr;
    QAction *m_deleteKeys = nullptr;
    QAction *m_copyJson = nullptr;
    QAction *m_copyKey = nullptr;
    QAction *m_copyValue = nullptr;
    QAction *m_editValue = nullptr;
    QTimer m_animation; // repaints while rows fade and ages tick
    bool m_columnsSized = false;
    bool m_readOnly = false;
    QString m_keyToSelect;
};

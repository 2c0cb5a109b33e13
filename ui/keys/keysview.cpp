// SPDX-License-Identifier: MIT
#include "keysview.h"

#include "addkeydialog.h"
#include "filterlineedit.h"
#include "format.h"
#include "jsonpane.h"
#include "keysmodel.h"
#include "keysproxymodel.h"
#include "messagebar.h"
#include "middleelidedelegate.h"
#include "model.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
enum CopyWhat { CopyJson, CopyKey, CopyValue };
constexpr int kFadeTickMs = 80;
constexpr int kIdleTickMs = 1000;

QToolButton *toolButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}
} // namespace

KeysView::KeysView(QWidget *parent)
    : QWidget(parent), m_proxy(new KeysProxyModel(this)), m_filter(new FilterLineEdit(this)),
      m_showDeleted(new QCheckBox(tr("Show deleted"), this)), m_count(new QLabel(this)),
      m_messages(new MessageBar(this)), m_staleNotice(new MessageBar(this)),
      m_table(new QTableView(this)), m_details(new JsonPane(this))
{
    createActions();
    m_filter->setPlaceholderText(tr("Filter keys and values…"));
    m_showDeleted->setToolTip(tr("Also list keys set to null (deleted keys)"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_showDeleted);
    bar->addSpacing(8);
    bar->addWidget(toolButton(m_addKey, this));
    bar->addWidget(toolButton(m_deleteKeys, this));
    bar->addWidget(toolButton(m_copyJson, this));
    bar->addSpacing(8);
    bar->addWidget(m_count);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(KeysModel::KeyColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // A million rows: fixed row heights, never measured one by one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->verticalHeader()->hide();
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setHighlightSections(false);
    m_table->addActions({m_editValue, m_copyJson, m_deleteKeys});
    m_table->setItemDelegateForColumn(KeysModel::SourceColumn, new MiddleElideDelegate(this));

    m_details->setPlaceholder(tr("Select a key to see its value."));
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({760, 240});
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_messages);
    layout->addWidget(m_staleNotice);
    layout->addWidget(splitter, 1);

    connect(m_filter, &FilterLineEdit::filterChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        updateCount();
    });
    connect(m_showDeleted, &QCheckBox::toggled, this, [this](bool show) {
        m_proxy->setShowDeleted(show);
        updateCount();
    });
    connect(m_proxy, &KeysProxyModel::orderStaleChanged, this, [this](bool stale) {
        if (stale)
            m_staleNotice->showMessage(Severity::Info,
                                       tr("Updates are arriving faster than the table "
                                          "can re-sort: rows change in place and the "
                                          "order is restored when traffic calms down. "
                                          "Click the column header to re-sort now."));
        else
            m_staleNotice->clear();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &KeysView::onRowsInserted);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &KeysView::updateCount);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                wakeAnimation();
                const int current = m_table->currentIndex().row();
                if (current >= topLeft.row() && current <= bottomRight.row())
                    updateDetails();
            });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &KeysView::updateDetails);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &KeysView::updateDetails);
    connect(m_table, &QTableView::customContextMenuRequested, this, &KeysView::showContextMenu);
    m_animation.setInterval(kIdleTickMs);
    connect(&m_animation, &QTimer::timeout, this, &KeysView::animate);
    m_animation.start();
    setModel(nullptr);
}

KeysView::~KeysView() = default;

void KeysView::createActions()
{
    m_addKey = new QAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("&Add Key…"),
                           this);
    m_addKey->setShortcut(Qt::Key_Insert);
    m_addKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_addKey->setToolTip(tr("Set a new key to a JSON value"));
    connect(m_addKey, &QAction::triggered, this, &KeysView::openAddKeyDialog);

    m_deleteKeys
            = new QAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete Key"), this);
    m_deleteKeys->setShortcut(QKeySequence::Delete);
    m_deleteKeys->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_deleteKeys->setToolTip(tr("Set the selected keys to null, the scuttlebutt delete"));
    connect(m_deleteKeys, &QAction::triggered, this, &KeysView::deleteSelectedKeys);

    m_copyJson = new QAction(style()->standardIcon(QStyle::SP_DialogSaveButton),
                             tr("&Copy as JSON"), this);
    m_copyJson->setShortcut(QKeySequence::Copy);
    m_copyJson->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyJson->setToolTip(tr("Copy the selected keys as a JSON object"));
    connect(m_copyJson, &QAction::triggered, this, [this] { copySelection(CopyJson); });

    m_copyKey = new QAction(tr("Copy &Key"), this);
    connect(m_copyKey, &QAction::triggered, this, [this] { copySelection(CopyKey); });
    m_copyValue = new QAction(tr("Copy &Value"), this);
    connect(m_copyValue, &QAction::triggered, this, [this] { copySelection(CopyValue); });

    m_editValue = new QAction(tr("&Edit Value"), this);
    m_editValue->setShortcut(Qt::Key_F2);
    m_editValue->setShortcutContext(Qt::WidgetShortcut);
    connect(m_editValue, &QAction::triggered, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            m_table->edit(current.siblingAtColumn(KeysModel::ValueColumn));
    });
}

KeysModel *KeysView::model() const
{
    return m_model;
}

void KeysView::setModel(KeysModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_proxy->setKeysModel(model);
    m_messages->clear();
    updateActions();
    if (model) {
        connect(model, &KeysModel::editRejected, this, [this](const QString &message) {
            m_messages->showMessage(Severity::Error, message);
            emit statusMessage(message);
        });
    }
    if (model && !m_columnsSized)
        sizeColumns();
    updateCount();
    updateDetails();
}

void KeysView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_table->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                      : QAbstractItemView::DoubleClicked
                                             | QAbstractItemView::EditKeyPressed);
    updateActions();
}

void KeysView::updateActions()
{
    const bool enabled = m_model != nullptr;
    for (QAction *action : {m_copyJson, m_copyKey, m_copyValue})
        action->setEnabled(enabled);
    for (QAction *action : {m_addKey, m_deleteKeys, m_editValue})
        action->setEnabled(enabled && !m_readOnly);
}

void KeysView::sizeColumns()
{
    // Sections exist only once the table has a model.
    m_columnsSized = true;
    QHeaderView *header = m_table->horizontalHeader();
    const int width = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(KeysModel::KeyColumn, width * 16);
    header->resizeSection(KeysModel::ValueColumn, width * 30);
    header->resizeSection(KeysModel::SourceColumn, width * 14);
    header->resizeSection(KeysModel::SignatureColumn, width * 9);
    header->resizeSection(KeysModel::TimestampColumn, width * 19);
    header->resizeSection(KeysModel::AgeColumn, width * 8);
    header->setSectionResizeMode(KeysModel::ValueColumn, QHeaderView::Stretch);
}

void KeysView::openAddKeyDialog()
{
    if (!m_model || m_readOnly)
        return;
    const auto commit = [this](const QString &key, const QString &json) -> std::optional<QString> {
        if (!m_model)
            return tr("No replica is open.");
        return m_model->setValueJson(key, json);
    };
    auto *dialog = new AddKeyDialog(commit, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_messages->clear();
        selectKey(dialog->key());
        emit statusMessage(tr("Set \"%1\"").arg(dialog->key()));
    });
    dialog->open();
}

QList<int> KeysView::selectedSourceRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(m_proxy->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QStringList KeysView::selectedKeys() const
{
    QStringList keys;
    if (!m_model)
        return keys;
    for (int row : selectedSourceRows())
        keys.append(m_model->updateAt(row).key());
    return keys;
}

void KeysView::deleteSelectedKeys()
{
    const QStringList keys = selectedKeys();
    if (!m_model || m_readOnly || keys.isEmpty())
        return;
    if (const auto refused = m_model->removeKeys(keys)) {
        m_messages->showMessage(Severity::Error, *refused);
        return;
    }
    emit statusMessage(keys.size() == 1 ? tr("Deleted \"%1\"").arg(keys.constFirst())
                                        : tr("Deleted %n keys", nullptr, int(keys.size())));
}

void KeysView::copySelection(int what)
{
    const QList<int> rows = selectedSourceRows();
    if (!m_model || rows.isEmpty())
        return;
    QApplication::clipboard()->setText(
            what == CopyJson
                    ? QString::fromUtf8(m_model->jsonForRows(rows))
                    : m_model->textForRows(
                            rows, what == CopyKey ? KeysModel::KeyColumn : KeysModel::ValueColumn));
    emit statusMessage(tr("Copied %1 to the clipboard")
                               .arg(rows.size() == 1 ? tr("1 key")
                                                     : tr("%n keys", nullptr, int(rows.size()))));
}

void KeysView::showContextMenu(const QPoint &position)
{
    if (!m_model)
        return;
    QMenu *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const bool haveSelection = m_table->selectionModel()->hasSelection();
    for (QAction *action : {m_copyJson, m_copyKey, m_copyValue})
        action->setEnabled(haveSelection);
    m_editValue->setEnabled(haveSelection && !m_readOnly);
    menu->addAction(m_editValue);
    menu->addSeparator();
    menu->addAction(m_copyJson);
    menu->addAction(m_copyKey);
    menu->addAction(m_copyValue);
    menu->addSeparator();
    menu->addAction(m_addKey);
    menu->addAction(m_deleteKeys);
    menu->popup(m_table->viewport()->mapToGlobal(position));
}

void KeysView::updateDetails()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!m_model || !current.isValid() || !m_table->selectionModel()->hasSelection()) {
        m_details->setCaption(tr("<b>Value</b>"));
        m_details->setPlaceholder(tr("Select a key to see its value."));
        return;
    }
    const int row = m_proxy->mapToSource(current).row();
    const sb::Update &update = m_model->updateAt(row);
    m_details->setCaption(m_model->captionForRow(row));
    m_details->setJson(update.hasValue() ? update.value() : QByteArray("null"));
}

void KeysView::updateCount()
{
    if (!m_model) {
        m_count->clear();
        return;
    }
    const qsizetype live = m_model->model()->liveKeyCount();
    const int shown = m_proxy->rowCount();
    QString text = tr("%1 keys").arg(Format::count(live));
    if (shown != live)
        text += tr(" · %1 shown").arg(Format::count(shown));
    m_count->setText(text);
}

void KeysView::selectKey(const QString &key)
{
    m_keyToSelect = key;
    onRowsInserted();
}

void KeysView::onRowsInserted()
{
    updateCount();
    wakeAnimation();
    // The first keys to arrive: show one in the value pane rather than nothing.
    if (!m_table->currentIndex().isValid() && m_keyToSelect.isEmpty() && m_proxy->rowCount() > 0)
        m_table->setCurrentIndex(m_proxy->index(0, KeysModel::KeyColumn));
    if (m_keyToSelect.isEmpty() || !m_model)
        return;
    const int row = m_model->rowOfKey(m_keyToSelect);
    if (row < 0)
        return;
    m_keyToSelect.clear();
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, KeysModel::KeyColumn));
    if (!index.isValid())
        return;
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

void KeysView::wakeAnimation()
{
    if (m_model && m_animation.interval() != kFadeTickMs
        && QDateTime::currentMSecsSinceEpoch() - m_model->lastRemoteChangeAt()
                < KeysModel::kFlashMs)
        m_animation.start(kFadeTickMs);
}

void KeysView::animate()
{
    if (!m_model || !isVisible())
        return;
    // Fading highlights and ticking ages are read at paint time; repainting
    // the visible rows is all it takes, with no model signal per row. The
    // timer runs fast only while something fades.
    const bool fading = QDateTime::currentMSecsSinceEpoch() - m_model->lastRemoteChangeAt()
            < KeysModel::kFlashMs + 200;
    m_animation.setInterval(fading ? kFadeTickMs : kIdleTickMs);
    m_table->viewport()->update();
    updateCount();
}

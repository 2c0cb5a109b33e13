// SPDX-License-Identifier: MIT
#include "filterlineedit.h"

FilterLineEdit::FilterLineEdit(QWidget *parent) : QLineEdit(parent)
{
    setClearButtonEnabled(true);
    setPlaceholderText(tr("Filter…"));
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(this, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, [this] { emit filterChanged(text()); });
    // Enter applies at once: tests and impatient users need not wait.
    connect(this, &QLineEdit::returnPressed, this, [this] {
        m_debounce.stop();
        emit filterChanged(text());
    });
}

// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>

// How much a message in the log matters.
enum class Severity { Info, Warning, Error };

Q_DECLARE_METATYPE(Severity)

// SPDX-License-Identifier: MIT
#include "fuzzsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace FuzzSupport {

void ensureApplication()
{
    if (QCoreApplication::instance())
        return;
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    // Lives until exit: Qt objects made by the targets outlive any one input.
    static auto *application = new QCoreApplication(argc, argv);
    Q_UNUSED(application);
}

void processEvents()
{
    // sblib schedules its next slice with zero-timeout single shots, which Qt
    // posts as events: delivering them is all a turn of the loop would do for
    // an in-memory device, without polling any descriptor.
    QCoreApplication::sendPostedEvents();
}

void deletePending()
{
    // Outside a running loop, deleteLater() waits for an explicit request.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

QString scratchDirectory()
{
    static const std::unique_ptr<QTemporaryDir> directory = [] {
        const QFileInfo shm(QStringLiteral("/dev/shm"));
        const QString base = shm.isDir() && shm.isWritable() ? shm.filePath() : QDir::tempPath();
        auto dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/sbfuzz-XXXXXX"));
        if (!dir->isValid()) {
            std::fprintf(stderr, "fuzz: cannot make a temporary directory in %s\n",
                         qPrintable(base));
            std::abort();
        }
        return dir;
    }();
    return directory->path();
}

void fail(const char *file, int line, const char *condition, const QString &detail)
{
    std::fprintf(stderr, "\n%s:%d: invariant broken: %s\n  %s\n", file, line, condition,
                 qPrintable(detail));
    std::fflush(stderr);
    std::abort();
}

QString excerpt(QByteArrayView bytes)
{
    constexpr qsizetype kMax = 300;
    QString text;
    for (char c : bytes.first(qMin(bytes.size(), kMax))) {
        const auto byte = uchar(c);
        if (byte >= 0x20 && byte < 0x7f && byte != '\\')
            text += QChar(char16_t(byte));
        else
            text += QStringLiteral("\\x%1").arg(byte, 2, 16, QChar(u'0'));
    }
    return bytes.size() > kMax ? text + QStringLiteral("...") : text;
}

} // namespace FuzzSupport

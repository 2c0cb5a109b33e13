// SPDX-License-Identifier: MIT
#include "replaytool.h"

#include "jsoncodec.h"
#include "model.h"
#include "tracereader.h"
#include "tracereplay.h"

#include <cstdio>

using namespace sb;

namespace ReplayTool {

bool handles(const QStringList &arguments)
{
    return !arguments.isEmpty() && arguments.first() == u"replay";
}

int run(const QStringList &arguments)
{
    if (arguments.size() != 2) {
        std::fputs("usage: sbpeer replay FILE.sbtrace\n", stderr);
        return 2;
    }
    TraceReader reader(arguments.at(1));
    const auto header = reader.open();
    if (!header) {
        std::fprintf(stderr, "sbpeer: %s\n", qPrintable(header.errorMessage()));
        return 1;
    }
    const std::unique_ptr<Scuttlebutt> replica = TraceReplay::makeReplica(header.value());
    for (;;) {
        const auto record = reader.next();
        if (!record) {
            std::fprintf(stderr, "sbpeer: %s\n", qPrintable(record.errorMessage()));
            return 1;
        }
        if (!record.value())
            break;
        if (const auto applied = TraceReplay::apply(*replica, *record.value()); !applied) {
            std::fprintf(stderr, "sbpeer: %s: line %lld: %s\n", qPrintable(arguments.at(1)),
                         reader.lineNumber(), qPrintable(applied.errorMessage()));
            return 1;
        }
    }
    const auto *model = qobject_cast<const Model *>(replica.get());
    const QByteArray text = model ? model->toJsonText() : JsonCodec::stringify(replica->toJson());
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fputc('\n', stdout);
    return 0;
}

} // namespace ReplayTool

// SPDX-License-Identifier: MIT
// Reads one JSON text per line on stdin and writes, per line, either the
// JsonCodec::stringify of what JsonCodec::parse made of it or "ERROR <message>".
// json-equality.js compares that with node's JSON.stringify(JSON.parse(line)).

#include "jsoncodec.h"

#include <cstdio>
#include <iostream>
#include <string>

int main()
{
    std::ios::sync_with_stdio(false);
    std::string line;
    QByteArray out;
    while (std::getline(std::cin, line)) {
        out.clear();
        const sb::Result<sb::JsonValue> parsed
                = sb::JsonCodec::parse(QByteArrayView(line.data(), qsizetype(line.size())));
        if (parsed)
            sb::JsonCodec::append(out, *parsed);
        else
            out = "ERROR " + parsed.errorMessage().toUtf8();
        out.append('\n');
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    }
    std::fflush(stdout);
    return 0;
}

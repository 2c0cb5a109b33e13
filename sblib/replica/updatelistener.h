// SPDX-License-Identifier: MIT
#pragma once

namespace sb {

class Update;

// Told of each update a replica applies, by a direct call: a full sync applies
// hundreds of thousands of updates a second, and a signal per update and
// listener would cost a tenth of it. Streams are the listeners; the interface
// keeps the replica layer from depending on the sync layer above it.
class UpdateListener
{
public:
    virtual void onReplicaUpdate(const Update &update) = 0;

protected:
    ~UpdateListener() = default;
};

} // namespace sb

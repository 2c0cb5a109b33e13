# Replica files: journal plus atomic snapshots (QSaveFile), in the wire format.
target_sources(sblib PRIVATE
    replicafileoptions.h replicafileerror.h replicafilereport.h
    writefully.h
    filesyncer.h filesyncer.cpp
    replicafilelock.h replicafilelock.cpp
    replicafilereader.h replicafilereader.cpp
    replicajournal.h replicajournal.cpp
    replicasnapshotwriter.h replicasnapshotwriter.cpp
    replicafile.h replicafile.cpp
)

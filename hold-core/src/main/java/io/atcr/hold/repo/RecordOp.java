package io.atcr.hold.repo;

import java.util.Map;

/** A change of one record in the hold's repository, as a commit applies it. */
public sealed interface RecordOp {
    String collection();

    String rkey();

    /** The MST key, {@code COLLECTION/RKEY}. */
    default String path() {
        return collection() + "/" + rkey();
    }

    /** The record now has {@code value} (with its {@code $type}); created when absent, updated when present. */
    record Put(String collection, String rkey, Map<String, Object> value) implements RecordOp {
    }

    /** The record is gone; nothing when it was not there. */
    record Delete(String collection, String rkey) implements RecordOp {
    }
}

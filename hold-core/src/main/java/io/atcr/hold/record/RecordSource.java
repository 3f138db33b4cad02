package io.atcr.hold.record;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One collection's records, in record-key order. Values include {@code $type}. */
interface RecordSource {
    Optional<Map<String, Object>> get(String rkey);

    /** Up to {@code limit} entries with keys after {@code afterRkey} (all when null), in key order. */
    List<Map.Entry<String, Map<String, Object>>> list(String afterRkey, int limit);
}

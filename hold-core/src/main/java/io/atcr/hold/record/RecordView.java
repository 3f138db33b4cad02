package io.atcr.hold.record;

import java.util.Map;

/** A record as {@code getRecord} and {@code listRecords} show it. */
public record RecordView(String uri, String cid, Map<String, Object> value) {
}

package io.atcr.hold.record;

import java.util.List;

/** One page of {@code listRecords}; {@code cursor} is null on the last page. */
public record RecordPage(String cursor, List<RecordView> records) {
}

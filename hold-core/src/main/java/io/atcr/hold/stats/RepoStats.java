package io.atcr.hold.stats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code io.atcr.hold.stats} record: how often one owner's repository was pushed and pulled through this hold.
 * {@code lastPush} and {@code lastPull} are null until the first of each.
 */
public record RepoStats(String rkey, String ownerDid, String repository, long pushCount, long pullCount,
                        Instant lastPush, Instant lastPull, Instant updatedAt) {
    public static final String COLLECTION = "io.atcr.hold.stats";

    /** The record value, with {@code $type}, as the repository serves it. */
    public Map<String, Object> value() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("$type", COLLECTION);
        value.put("ownerDid", ownerDid);
        value.put("repository", repository);
        value.put("pullCount", pullCount);
        value.put("pushCount", pushCount);
        if (lastPush != null) {
            value.put("lastPush", lastPush.toString());
        }
        if (lastPull != null) {
            value.put("lastPull", lastPull.toString());
        }
        value.put("updatedAt", updatedAt.toString());
        return value;
    }
}

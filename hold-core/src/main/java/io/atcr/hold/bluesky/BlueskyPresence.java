package io.atcr.hold.bluesky;

import io.atcr.hold.record.DagCbor;
import io.atcr.hold.record.Tid;
import io.atcr.hold.repo.RecordOp;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hold on Bluesky ({@code HOLD_BLUESKY_POSTS}): an {@code app.bsky.actor.profile} record, and an
 * {@code app.bsky.feed.post} announcing each tagged push, the owner mentioned with a facet. The posts are records of
 * the hold's repository (relays carry them to Bluesky), kept in {@code bluesky_post} too so exports find them.
 */
public final class BlueskyPresence {
    public static final String PROFILE = "app.bsky.actor.profile";
    public static final String POST = "app.bsky.feed.post";

    /** A post the hold made. */
    public record Post(String rkey, String mentions, String text, String createdAt) {
    }

    private final boolean enabled;
    private final String handle;
    private final Clock clock;
    private final Tid tid;

    public BlueskyPresence(boolean enabled, String handle, Clock clock) {
        this.enabled = enabled;
        this.handle = handle;
        this.clock = clock;
        this.tid = new Tid(clock);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The profile record value the hold keeps while posts are on. */
    public Map<String, Object> profile() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("$type", PROFILE);
        value.put("displayName", "ATCR hold " + handle);
        value.put("description", "Container image storage for the ATCR crew of " + handle + ". Posts announce tagged pushes.");
        return value;
    }

    /**
     * Records a post announcing {@code owner}'s push of {@code repository:tag} in the caller's transaction, when posts
     * are on and the push has a tag; answers the repository op to commit with the push.
     */
    public Optional<RecordOp.Put> announce(Connection c, String owner, String repository, String tag) throws SQLException {
        if (!enabled || tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String text = owner + " pushed " + repository + ":" + tag + " to " + handle;
        String createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        Map<String, Object> mention = new LinkedHashMap<>();
        mention.put("$type", "app.bsky.richtext.facet#mention");
        mention.put("did", owner);
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("index", Map.of("byteStart", 0L, "byteEnd", (long) owner.getBytes(StandardCharsets.UTF_8).length));
        facet.put("features", List.of(mention));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("$type", POST);
        value.put("text", text);
        value.put("facets", List.of(facet));
        value.put("langs", List.of("en"));
        value.put("createdAt", createdAt);
        String rkey = tid.next(c);
        restore(c, rkey, value);
        return Optional.of(new RecordOp.Put(POST, rkey, value));
    }

    /**
     * Writes a post's row (a new one, or one read from a repository backup) in the caller's transaction.
     *
     * @throws IllegalArgumentException when the value is no post of this hold's (text, createdAt, a mention facet)
     */
    public static void restore(Connection c, String rkey, Map<String, Object> value) throws SQLException {
        Object mention = value.get("facets") instanceof List<?> facets && !facets.isEmpty()
                && facets.get(0) instanceof Map<?, ?> facet && facet.get("features") instanceof List<?> features
                && !features.isEmpty() && features.get(0) instanceof Map<?, ?> feature ? feature.get("did") : null;
        if (!(mention instanceof String did) || !(value.get("text") instanceof String text)
                || !(value.get("createdAt") instanceof String createdAt)) {
            throw new IllegalArgumentException("the post " + rkey + " is not one of the hold's posts");
        }
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO bluesky_post (rkey, mentions, text, created_at, value) VALUES (?, ?, ?, ?, ?)")) {
            st.setString(1, rkey);
            st.setString(2, did);
            st.setString(3, text);
            st.setString(4, createdAt);
            st.setBytes(5, DagCbor.encode(value));
            st.executeUpdate();
        }
    }

    /** The posts that mention {@code did}, in the order they were made. */
    public static List<Post> mentioning(Connection c, String did) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT rkey, mentions, text, created_at FROM bluesky_post WHERE mentions = ? ORDER BY rkey")) {
            st.setString(1, did);
            List<Post> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Post(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        }
    }

    /** Every post as a repository op, for the first commit and for verification. */
    @SuppressWarnings("unchecked")
    public static List<RecordOp> records(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT rkey, value FROM bluesky_post ORDER BY rkey");
             ResultSet rs = st.executeQuery()) {
            List<RecordOp> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new RecordOp.Put(POST, rs.getString(1), (Map<String, Object>) DagCbor.decode(rs.getBytes(2))));
            }
            return out;
        }
    }
}

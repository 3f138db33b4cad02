package io.atcr.hold.repo;

import io.atcr.hold.db.Database;
import io.atcr.hold.record.DagCbor;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The firehose's events as the database keeps them ({@code repo_event}): each commit's {@code #commit}, and
 * {@code #identity} and {@code #account} when the hold first starts, in one growing {@code seq}. Frames are built
 * here as {@code com.atproto.sync.subscribeRepos} sends them: a DAG-CBOR header, then the body with its seq.
 */
public final class Events {
    /** One stored event, framed for the wire. */
    public record Event(long seq, String kind, byte[] frame) {
    }

    private final Database db;
    private final Clock clock;
    private final Duration retention;

    public Events(Database db, Clock clock, Duration retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
    }

    /** The highest seq so far (0 when none). */
    public long latest() {
        return seq("max");
    }

    /** The lowest seq still kept (0 when none). */
    public long oldest() {
        return seq("min");
    }

    private long seq(String aggregate) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT coalesce(" + aggregate + "(seq), 0) FROM repo_event");
                 ResultSet rs = st.executeQuery()) {
                return rs.getLong(1);
            }
        });
    }

    /** Up to {@code limit} events after {@code seq}, in order. */
    @SuppressWarnings("unchecked")
    public List<Event> after(long seq, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT seq, kind, body FROM repo_event WHERE seq > ? ORDER BY seq LIMIT ?")) {
                st.setLong(1, seq);
                st.setInt(2, limit);
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) DagCbor.decode(rs.getBytes(3)));
                        body.put("seq", rs.getLong(1));
                        out.add(new Event(rs.getLong(1), rs.getString(2), frame(rs.getString(2), body)));
                    }
                }
                return out;
            }
        });
    }

    /** An event frame: the header {@code {op: 1, t}} and the body, each DAG-CBOR. */
    public static byte[] frame(String kind, Map<String, Object> body) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("op", 1L);
        header.put("t", kind);
        return concat(DagCbor.encode(header), DagCbor.encode(body));
    }

    /** An error frame, {@code {op: -1}} and {@code {error, message}}, after which the stream closes. */
    public static byte[] errorFrame(String error, String message) {
        return concat(DagCbor.encode(Map.of("op", -1L)), DagCbor.encode(Map.of("error", error, "message", message)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /**
     * Writes {@code #identity} and {@code #account} events for {@code did} unless the last {@code #identity} already
     * names this handle; {@code handle} null (a host that is no valid handle) leaves the field out. Call it at start, in
     * the transaction that brings the repository up to date.
     */
    public void announce(Connection c, String did, String handle) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT body FROM repo_event WHERE kind = '#identity' ORDER BY seq DESC LIMIT 1");
             ResultSet rs = st.executeQuery()) {
            if (rs.next() && java.util.Objects.equals(handle, ((Map<?, ?>) DagCbor.decode(rs.getBytes(1))).get("handle"))) {
                return;
            }
        }
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("did", did);
        identity.put("time", now);
        if (handle != null) {
            identity.put("handle", handle);
        }
        insert(c, "#identity", identity, now);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("did", did);
        account.put("time", now);
        account.put("active", true);
        insert(c, "#account", account, now);
    }

    static void insert(Connection c, String kind, Map<String, Object> body, String at) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO repo_event (kind, at, body) VALUES (?, ?, ?)")) {
            st.setString(1, kind);
            st.setString(2, at);
            st.setBytes(3, DagCbor.encode(body));
            st.executeUpdate();
        }
    }

    /** Deletes events older than the retention ({@code HOLD_FIREHOSE_RETENTION}); answers how many. */
    public int prune() {
        String cutoff = clock.instant().minus(retention).toString();
        return db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM repo_event WHERE at < ?")) {
                st.setString(1, cutoff);
                return st.executeUpdate();
            }
        });
    }
}

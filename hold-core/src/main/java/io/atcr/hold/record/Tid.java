package io.atcr.hold.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ATProto record keys: 13 characters of sortable base32 over microseconds since the epoch and a 10-bit clock ID.
 * The last timestamp given out is kept in the database ({@code hold_meta} key {@code last_tid}) and read and written
 * inside the caller's write transaction, so keys strictly increase on a hold: across its processes (the server and
 * the command line), within one microsecond, and with a clock that stands still or steps back.
 */
public final class Tid {
    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
    private static final String KEY = "last_tid";

    private final Clock clock;
    private final long clockId = ThreadLocalRandom.current().nextLong(1024);

    public Tid(Clock clock) {
        this.clock = clock;
    }

    /** The next key; call it inside a write transaction ({@code BEGIN IMMEDIATE}) on {@code c}. */
    public String next(Connection c) throws SQLException {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long value = Math.max(last(c) + 1, micros);
        try (PreparedStatement st = c.prepareStatement("INSERT INTO hold_meta (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            st.setString(1, KEY);
            st.setString(2, Long.toString(value));
            st.executeUpdate();
        }
        return encode((value << 10) | clockId);
    }

    private static long last(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT value FROM hold_meta WHERE key = ?")) {
            st.setString(1, KEY);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : 0;
            }
        }
    }

    private static String encode(long value) {
        char[] out = new char[13];
        for (int i = 12; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(out);
    }
}

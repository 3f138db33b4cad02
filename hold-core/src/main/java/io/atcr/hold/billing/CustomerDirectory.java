package io.atcr.hold.billing;

import io.atcr.hold.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * Which payment-provider customer each member is, remembered in the hold's database ({@code billing_customer}), so a
 * billing module needs the provider's (slow, rate-limited) customer search only when a row is missing. A forgotten
 * customer (found deleted) leaves its {@link #generation} one higher, so the next customer made for the member is a
 * new one and not a replay of the deleted one. Thread-safe; each call is one statement.
 */
public final class CustomerDirectory {
    private final Database db;

    public CustomerDirectory(Database db) {
        this.db = db;
    }

    /** The remembered customer of {@code did}. */
    public Optional<String> customerOf(String did) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT customer_id FROM billing_customer WHERE user_did = ?")) {
                st.setString(1, did);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** How many customers of {@code did} were forgotten; part of the key that makes a new customer for them. */
    public int generation(String did) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT generation FROM billing_customer WHERE user_did = ?")) {
                st.setString(1, did);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Remembers {@code customerId} as the customer of {@code did}. */
    public void remember(String did, String customerId) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO billing_customer (user_did, customer_id) VALUES (?, ?) "
                    + "ON CONFLICT (user_did) DO UPDATE SET customer_id = excluded.customer_id")) {
                st.setString(1, did);
                st.setString(2, customerId);
                return st.executeUpdate();
            }
        });
    }

    /** Forgets {@code customerId} (deleted at the provider) as the customer of {@code did}, when it still is. */
    public void forget(String did, String customerId) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO billing_customer (user_did, customer_id, generation) "
                    + "VALUES (?, NULL, 1) ON CONFLICT (user_did) DO UPDATE SET customer_id = NULL, generation = generation + 1 "
                    + "WHERE customer_id IS NULL OR customer_id = ?")) {
                st.setString(1, did);
                st.setString(2, customerId);
                return st.executeUpdate();
            }
        });
    }
}

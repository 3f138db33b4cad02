package io.atcr.hold.billing;

import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.crew.TierChange;
import io.atcr.hold.crew.TierSource;
import io.atcr.hold.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Where billing changes crew tiers: always the Stripe source's tier ({@link TierSource#STRIPE}), so an operator's or
 * the AppView's tier survives a cancellation. An event's tier change and its event ID are committed in one
 * transaction, so an event applies exactly once, and a failure leaves both as they were for Stripe's retry.
 */
public final class TierLedger {

    /** The outcome of {@link #applyEvent}. */
    public sealed interface Result {
    }

    /** The event was applied; {@code change} may be a no-op when the tier was already right. */
    public record Applied(TierChange change) implements Result {
    }

    /** The event ID was applied before; nothing changed. */
    public record AlreadyApplied() implements Result {
    }

    /** The DID is not crew of this hold; the event is recorded and nothing else changed. */
    public record NotCrew() implements Result {
    }

    private final Database db;
    private final CrewStore crew;
    private final Clock clock;

    public TierLedger(Database db, CrewStore crew, Clock clock) {
        this.db = db;
        this.crew = crew;
        this.clock = clock;
    }

    public boolean alreadyApplied(String eventId) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM billing_event WHERE event_id = ?")) {
                st.setString(1, eventId);
                return st.executeQuery().next();
            }
        });
    }

    /**
     * Records the event and sets the member's Stripe tier ({@code null}: none, so their free tier unless another
     * source gives one), in one transaction.
     *
     * @throws io.atcr.hold.db.DatabaseException when the database failed; nothing was recorded
     */
    public Result applyEvent(String eventId, String eventType, String did, String tier) {
        return db.transaction(c -> {
            if (!record(c, eventId, eventType)) {
                return new AlreadyApplied();
            }
            Optional<TierChange> change = crew.setTier(c, did, TierSource.STRIPE, tier);
            return change.<Result>map(Applied::new).orElseGet(NotCrew::new);
        });
    }

    /** Records an event that was deliberately ignored, so a redelivery is recognised; false when already recorded. */
    public boolean recordIgnored(String eventId, String eventType) {
        return db.transaction(c -> record(c, eventId, eventType));
    }

    /** Sets a member's stored tier outside any event (the success page, {@code billing sync}). Empty when not crew. */
    public Optional<TierChange> setTier(String did, String tier) {
        return db.transaction(c -> crew.setTier(c, did, TierSource.STRIPE, tier));
    }

    private boolean record(Connection c, String eventId, String eventType) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT OR IGNORE INTO billing_event (event_id, type, applied_at) VALUES (?, ?, ?)")) {
            st.setString(1, eventId);
            st.setString(2, eventType);
            st.setString(3, clock.instant().toString());
            return st.executeUpdate() == 1;
        }
    }
}

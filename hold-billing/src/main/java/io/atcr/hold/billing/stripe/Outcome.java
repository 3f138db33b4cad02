package io.atcr.hold.billing.stripe;

import io.atcr.hold.crew.TierChange;

/** What became of one webhook event; each is logged as one line. */
sealed interface Outcome {

    /** The member's tier was set from Stripe's current state (possibly to what it already was). */
    record Applied(String customerId, TierChange change) implements Outcome {
    }

    /** Nothing changed, for {@code reason}; the event ID is recorded so a redelivery is recognised. */
    record Ignored(String customerId, String did, String reason) implements Outcome {
    }

    /** A payment failed: a warning only, since the tier stays until Stripe cancels the subscription. */
    record PaymentFailed(String customerId, String did) implements Outcome {
    }

    /** This event ID was handled before. */
    record AlreadyHandled() implements Outcome {
    }
}

package io.atcr.hold.billing.stripe;

import java.util.Optional;

/**
 * Whose a Stripe customer is, from its metadata: {@code user_did} and {@code hold_did} (either may be absent on a
 * customer this hold did not create), and whether Stripe has deleted it.
 */
record CustomerOwner(String customerId, String userDid, String holdDid, boolean deleted) {
    public static final String USER_DID = "user_did";
    public static final String HOLD_DID = "hold_did";

    public Optional<String> user() {
        return Optional.ofNullable(userDid);
    }
}

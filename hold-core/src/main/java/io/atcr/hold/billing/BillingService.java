package io.atcr.hold.billing;

import io.atcr.hold.crew.TierChange;
import java.util.List;
import java.util.Optional;

/**
 * The billing methods a module serves. Failures are {@link io.atcr.hold.failure.Failure}s carrying the error the
 * caller sees (for example 400 {@code InvalidTier}, 502 when Stripe failed). Implementations are thread-safe.
 */
public interface BillingService extends AutoCloseable {

    /** {@code getSubscriptionInfo}: prices for everyone; with a caller, also their tier, usage and subscription. */
    SubscriptionInfo subscriptionInfo(Optional<String> callerDid);

    /** {@code createCheckoutSession} for an authenticated caller. */
    CheckoutSession createCheckoutSession(String callerDid, String tier, String interval);

    /** {@code getBillingPortalUrl}: a portal session URL for the caller's own customer. */
    String billingPortalUrl(String callerDid, Optional<String> returnUrl);

    /**
     * {@code stripeWebhook}: verifies the signature over the raw bytes and applies the event at most once. Returns
     * normally when the event was applied or deliberately ignored; throws a 400 for a bad signature and a 5xx when a
     * retry by Stripe can succeed, leaving no partial change behind.
     */
    void handleWebhook(byte[] rawBody, String signatureHeader);

    /** {@code /billing/success}: applies the tier of a completed Checkout Session at once. */
    CheckoutResult completeCheckout(String sessionId);

    /** {@code config check}: every problem with the configured prices in Stripe, empty when all is well. */
    List<String> checkConfiguration();

    /** {@code billing sync}: recomputes every subscriber's tier from Stripe; with {@code dryRun}, changes nothing. */
    List<TierChange> sync(boolean dryRun);

    @Override
    void close();
}

package io.atcr.hold.billing;

/** A Stripe Checkout Session the caller should be sent to. */
public record CheckoutSession(String url, String sessionId) {
}

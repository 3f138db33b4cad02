package io.atcr.hold.billing.stripe;

/**
 * What the hold needs of a Stripe Price. {@code interval} is Stripe's {@code month} or {@code year}, null for a
 * one-time price, and {@code intervalCount} how many of them one period lasts; {@code unitAmount} is in the
 * currency's smallest unit.
 */
record PriceFacts(String id, Long unitAmount, String currency, String interval, long intervalCount,
                         boolean active) {
    public boolean recurring() {
        return interval != null;
    }
}

package io.atcr.hold.billing;

/** What {@code /billing/success} tells the user: the tier now in force, or that payment is still pending. */
public record CheckoutResult(String tier, boolean paid) {
}

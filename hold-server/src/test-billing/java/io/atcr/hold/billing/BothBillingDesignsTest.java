package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.TestIdentities;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Hold-side Stripe billing and the AppView's updateCrewTier set separate tier sources: neither undoes the other, and
 * the stored tier is the higher of the two (listTiers order: swabbie 0, deckhand 1, bosun 2).
 */
class BothBillingDesignsTest {
    @AutoClose
    private final BillingFixture billing = BillingFixture.start();

    @Test
    void aStripeCancellationLeavesTheAppViewsTierInPlace() {
        TestIdentities.User user = billing.crewMember();
        assertEquals(200, billing.appViewSets(user, 1).status());
        String subscription = billing.subscribe(user, "bosun", "monthly");
        assertEquals("bosun", billing.tierOf(user), "Stripe's bosun is higher than the AppView's deckhand");

        billing.stripe.objects().setStatus(subscription, "canceled");
        assertEquals(200, billing.deliverAbout("customer.subscription.deleted", subscription).status());
        assertEquals("deckhand", billing.tierOf(user), "the AppView's deckhand stays after Stripe's cancellation");
        String line = billing.hold.cli("crew", "list").out().lines().filter(l -> l.startsWith(user.did())).findFirst().orElseThrow();
        assertTrue(line.contains("appview=deckhand") && !line.contains("stripe="), line);
    }

    @Test
    void theAppViewLoweringItsTierLeavesTheStripeSubscriptionsTierInPlace() {
        TestIdentities.User user = billing.crewMember();
        billing.subscribe(user, "deckhand", "yearly");
        assertEquals(200, billing.appViewSets(user, 2).status());
        assertEquals("bosun", billing.tierOf(user));

        assertEquals("deckhand", billing.appViewSets(user, 0).json().path("tierName").asText(),
                "the answer is the effective tier, which Stripe's deckhand keeps");
        assertEquals("deckhand", billing.tierOf(user));
    }

    @Test
    void aWebhookRacingTheAppViewLeavesBothSourcesAsEachLastSaid() throws Exception {
        TestIdentities.User user = billing.crewMember();
        String subscription = billing.pay(user, "bosun", "monthly");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> billing.appViewSets(user, 1).status()));
                calls.add(pool.submit(() -> billing.deliverAbout("customer.subscription.updated", subscription).status()));
            }
            for (java.util.concurrent.Future<Integer> call : calls) {
                assertEquals(200, call.get());
            }
        } finally {
            pool.shutdown();
        }
        String line = billing.hold.cli("crew", "list").out().lines().filter(l -> l.startsWith(user.did())).findFirst().orElseThrow();
        assertTrue(line.contains("stripe=bosun") && line.contains("appview=deckhand"), line);
        assertEquals("bosun", billing.tierOf(user));
    }
}

package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.TestIdentities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plankowners keep their floor (the plankowner tier) whatever Stripe says, and can buy above it. */
class PlankownerTest {
    private BillingFixture billing;
    private TestIdentities.User plankowner;

    @BeforeEach
    void start() {
        billing = BillingFixture.start();
        plankowner = billing.crewMember("--plankowner");
    }

    @AfterEach
    void stop() {
        billing.close();
    }

    @Test
    void anUpgradeAboveTheFloorWorks() {
        assertEquals("deckhand", billing.tierOf(plankowner));
        billing.subscribe(plankowner, "bosun", "monthly");
        assertEquals("bosun", billing.tierOf(plankowner));
        assertEquals(true, billing.info(plankowner).json().path("user").path("plankowner").asBoolean());
    }

    @Test
    void aCanceledSubscriptionFallsBackToTheFloorNotBelow() {
        String sub = billing.subscribe(plankowner, "bosun", "monthly");
        billing.stripe.objects().setStatus(sub, "canceled");
        billing.deliverAbout("customer.subscription.deleted", sub);
        assertEquals("deckhand", billing.tierOf(plankowner));
    }

    @Test
    void aPausedSubscriptionFallsBackToTheFloorNotBelow() {
        String sub = billing.subscribe(plankowner, "bosun", "monthly");
        billing.stripe.objects().setStatus(sub, "paused");
        billing.deliverAbout("customer.subscription.paused", sub);
        assertEquals("deckhand", billing.tierOf(plankowner));
    }
}

package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.StripeEvents;
import io.atcr.hold.testing.StripeObjects;
import io.atcr.hold.testing.TestIdentities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Stripe delivers out of order and more than once. For many random lives of a subscription, delivered in random
 * orders with repeats, the final tier is what Stripe's final state says.
 */
class ShuffledDeliveryTest {
    private static final int TRIALS = 15;
    private static final long SEED = 20261126L;
    private static final Map<String, String> TIER_OF_PRICE = Map.of(
            "price_deckhand_yearly", "deckhand", "price_bosun_monthly", "bosun", "price_bosun_yearly", "bosun");

    @AutoClose
    private final BillingFixture billing = BillingFixture.start();

    /** One step of a subscription's life in Stripe, and the event Stripe sends about it. */
    private record Step(String type, String status, String price) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("customer.subscription.updated", "active", "price_bosun_yearly"),
            new Step("customer.subscription.updated", "active", "price_deckhand_yearly"),
            new Step("customer.subscription.updated", "past_due", null),
            new Step("customer.subscription.paused", "paused", null),
            new Step("customer.subscription.resumed", "active", null),
            new Step("customer.subscription.updated", "unpaid", null),
            new Step("customer.subscription.deleted", "canceled", null));

    @Test
    void theFinalTierMatchesStripesFinalStateWhateverTheOrder() {
        Random random = new Random(SEED);
        for (int trial = 0; trial < TRIALS; trial++) {
            TestIdentities.User user = billing.crewMember();
            StripeObjects stripe = billing.stripe.objects();
            String sub = billing.pay(user, "bosun", "monthly");
            List<String> events = new ArrayList<>();
            events.add(StripeEvents.event("customer.subscription.created", stripe.subscriptionJson(sub)));
            int lifeLength = random.nextInt(STEPS.size() + 1);
            for (int i = 0; i < lifeLength; i++) {
                Step step = STEPS.get(random.nextInt(STEPS.size()));
                stripe.setStatus(sub, step.status());
                if (step.price() != null) {
                    stripe.setPrice(sub, step.price());
                }
                events.add(StripeEvents.event(step.type(), stripe.subscriptionJson(sub)));
            }
            List<String> deliveries = new ArrayList<>(events);
            int repeats = random.nextInt(events.size() + 1);
            for (int i = 0; i < repeats; i++) {
                deliveries.add(events.get(random.nextInt(events.size())));
            }
            java.util.Collections.shuffle(deliveries, random);
            deliveries.forEach(event -> assertEquals(200, billing.deliver(event).status()));

            var finalState = stripe.subscriptionJson(sub);
            String status = finalState.path("status").asText();
            String price = finalState.path("items").path("data").get(0).path("price").path("id").asText();
            String expected = List.of("active", "trialing", "past_due").contains(status) ? TIER_OF_PRICE.get(price) : "swabbie";
            assertEquals(expected, billing.tierOf(user), "trial " + trial + " (seed " + SEED + "): " + deliveries.size()
                    + " deliveries, final status " + status + ", price " + price);
        }
    }
}

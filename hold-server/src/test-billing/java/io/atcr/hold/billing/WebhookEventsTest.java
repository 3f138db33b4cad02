package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.StripeEvents;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import io.atcr.hold.xrpc.Json;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** One test per webhook row of the spec: the tier always follows Stripe's current state, never the event's copy. */
class WebhookEventsTest {
    @AutoClose
    private final BillingFixture billing = BillingFixture.start();
    private final TestIdentities.User user = billing.crewMember();

    private void assertReceived(XrpcResponse response) {
        assertEquals(200, response.status(), response.body());
        assertEquals(true, response.json().path("received").asBoolean(), response.body());
    }

    @Test
    void checkoutSessionCompletedSetsTheTierFromTheSubscription() {
        String sessionId = billing.checkout(user, "bosun", "yearly").json().path("sessionId").asText();
        billing.stripe.objects().completeCheckout(sessionId);
        assertReceived(billing.deliver(StripeEvents.event("checkout.session.completed",
                billing.stripe.objects().sessionJson(sessionId))));
        assertEquals("bosun", billing.tierOf(user));
    }

    @Test
    void aSubscriptionPastTheFirstPageOfTheListCounts() {
        String sessionId = billing.checkout(user, "bosun", "yearly").json().path("sessionId").asText();
        String customer = billing.stripe.objects().sessionJson(sessionId).path("customer").asText();
        for (int i = 0; i < 100; i++) { // a long history: more ended subscriptions than one page holds
            String old = billing.stripe.objects().subscribe(customer, "price_deckhand_yearly", java.util.Map.of());
            billing.stripe.objects().setStatus(old, "canceled");
        }
        billing.stripe.objects().completeCheckout(sessionId); // the paying one, the 101st
        assertReceived(billing.deliver(StripeEvents.event("checkout.session.completed",
                billing.stripe.objects().sessionJson(sessionId))));
        assertEquals("bosun", billing.tierOf(user));
    }

    @Test
    void subscriptionCreatedSetsTheTierFromItsPrice() {
        String sub = billing.pay(user, "deckhand", "yearly");
        assertReceived(billing.deliverAbout("customer.subscription.created", sub));
        assertEquals("deckhand", billing.tierOf(user));
    }

    @Test
    void subscriptionUpdatedFollowsAPriceChange() {
        String sub = billing.subscribe(user, "deckhand", "yearly");
        billing.stripe.objects().setPrice(sub, "price_bosun_monthly");
        assertReceived(billing.deliverAbout("customer.subscription.updated", sub));
        assertEquals("bosun", billing.tierOf(user));
    }

    @Test
    void subscriptionUpdatedFollowsAStatusChange() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        billing.stripe.objects().setStatus(sub, "past_due");
        assertReceived(billing.deliverAbout("customer.subscription.updated", sub));
        assertEquals("bosun", billing.tierOf(user), "past_due keeps the tier while Stripe retries the payment");
        billing.stripe.objects().setStatus(sub, "unpaid");
        assertReceived(billing.deliverAbout("customer.subscription.updated", sub));
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void subscriptionPausedFallsToTheFreeTier() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        billing.stripe.objects().setStatus(sub, "paused");
        assertReceived(billing.deliverAbout("customer.subscription.paused", sub));
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void subscriptionResumedRestoresTheTierFromThePrice() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        billing.stripe.objects().setStatus(sub, "paused");
        billing.deliverAbout("customer.subscription.paused", sub);
        billing.stripe.objects().setStatus(sub, "active");
        assertReceived(billing.deliverAbout("customer.subscription.resumed", sub));
        assertEquals("bosun", billing.tierOf(user));
    }

    @Test
    void subscriptionDeletedFallsToTheFreeTier() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        billing.stripe.objects().setStatus(sub, "canceled");
        assertReceived(billing.deliverAbout("customer.subscription.deleted", sub));
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void invoicePaymentFailedKeepsTheTier() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        String customer = billing.stripe.objects().subscriptionJson(sub).path("customer").asText();
        ObjectNode invoice = Json.MAPPER.createObjectNode().put("id", "in_1").put("object", "invoice")
                .put("customer", customer).put("subscription", sub);
        assertReceived(billing.deliver(StripeEvents.event("invoice.payment_failed", invoice)));
        assertEquals("bosun", billing.tierOf(user));
    }

    @Test
    void theTierComesFromStripeNotFromTheEventsCopy() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        ObjectNode staleCopy = billing.stripe.objects().subscriptionJson(sub);
        billing.stripe.objects().setStatus(sub, "canceled");
        // A late "created" event still carries the active subscription; Stripe now says canceled.
        assertReceived(billing.deliver(StripeEvents.event("customer.subscription.created", staleCopy)));
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void eachEventIdIsAppliedOnce() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        String id = StripeEvents.newId();
        billing.stripe.objects().setStatus(sub, "canceled");
        assertReceived(billing.deliver(StripeEvents.event(id, "customer.subscription.deleted", "2024-06-20",
                billing.stripe.objects().subscriptionJson(sub))));
        assertEquals("swabbie", billing.tierOf(user));
        // Someone sets the tier by hand; a redelivery of the same event must not undo it.
        billing.hold.cli("crew", "add", user.did(), "--tier", "bosun");
        billing.stripe.clearRequests();
        assertReceived(billing.deliver(StripeEvents.event(id, "customer.subscription.deleted", "2024-06-20",
                billing.stripe.objects().subscriptionJson(sub))));
        assertEquals("bosun", billing.tierOf(user));
        assertEquals(0, billing.stripe.requests().size(), "a known event asks Stripe nothing");
    }

    @Test
    void eventsOfAnyApiVersionParse() {
        String sub = billing.pay(user, "bosun", "yearly");
        // The shape of an old API version: plan at the top level, period on the subscription, no items.
        ObjectNode old = Json.MAPPER.createObjectNode().put("id", sub).put("object", "subscription")
                .put("customer", billing.stripe.objects().subscriptionJson(sub).path("customer").asText())
                .put("status", "active").put("current_period_end", 1_700_000_000L);
        old.putObject("plan").put("id", "price_bosun_yearly").put("object", "plan").put("interval", "year");
        assertReceived(billing.deliver(StripeEvents.event(StripeEvents.newId(), "customer.subscription.created",
                "2017-05-25", old)));
        assertEquals("bosun", billing.tierOf(user));
    }

    @Test
    void aDeletedCustomersSubscriptionIsKnownByItsOwnMetadata() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        String customer = billing.stripe.objects().subscriptionJson(sub).path("customer").asText();
        billing.stripe.objects().setStatus(sub, "canceled");
        billing.stripe.objects().deleteCustomer(customer);
        assertReceived(billing.deliverAbout("customer.subscription.deleted", sub));
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void aBodyThatIsNoEventIsInvalidRequest() {
        XrpcResponse response = billing.deliver("{\"hello\": \"world\"}");
        assertEquals(400, response.status(), response.body());
        assertEquals("InvalidRequest", response.error());
    }

    @Test
    void aCustomerOfAnotherHoldChangesNothing() {
        String customer = billing.stripe.objects().customer(user.did(), "did:web:other.hold");
        String sub = billing.stripe.objects().subscribe(customer, "price_bosun_monthly", Map.of());
        assertReceived(billing.deliverAbout("customer.subscription.created", sub));
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void aCustomerWithoutUserDidChangesNothing() {
        String customer = billing.stripe.objects().customer(null, TestHold.HOLD_DID);
        String sub = billing.stripe.objects().subscribe(customer, "price_bosun_monthly", Map.of());
        assertReceived(billing.deliverAbout("customer.subscription.created", sub));
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void aPriceNoTierNamesChangesNothing() {
        String sub = billing.subscribe(user, "deckhand", "yearly");
        // What `stripe trigger` sends: a subscription to a price made up on the spot.
        billing.stripe.objects().price("price_from_stripe_trigger", 1500, "usd", "month");
        billing.stripe.objects().setPrice(sub, "price_from_stripe_trigger");
        assertReceived(billing.deliverAbout("customer.subscription.updated", sub));
        assertEquals("deckhand", billing.tierOf(user));
    }

    @Test
    void anEventWithoutACustomerOrOfAnotherTypeIsReceivedAndChangesNothing() {
        billing.subscribe(user, "deckhand", "yearly");
        ObjectNode product = Json.MAPPER.createObjectNode().put("id", "prod_1").put("object", "product");
        assertReceived(billing.deliver(StripeEvents.event("product.created", product)));
        assertReceived(billing.deliver(StripeEvents.event("customer.subscription.updated",
                Json.MAPPER.createObjectNode().put("id", "sub_x").put("object", "subscription"))));
        assertEquals("deckhand", billing.tierOf(user));
    }

    @Test
    void aBadSignatureIsRefusedAndChangesNothing() {
        String sub = billing.pay(user, "bosun", "monthly");
        String payload = StripeEvents.event("customer.subscription.created", billing.stripe.objects().subscriptionJson(sub));
        long now = billing.hold.clock().instant().getEpochSecond();
        XrpcResponse wrongSecret = billing.deliver(payload, StripeEvents.signature("whsec_someoneelse", now, payload));
        assertEquals(400, wrongSecret.status(), wrongSecret.body());
        assertEquals("InvalidSignature", wrongSecret.error());
        XrpcResponse tampered = billing.deliver(payload.replace("bosun", "bosun "),
                StripeEvents.signature(BillingFixture.WEBHOOK_SECRET, now, payload));
        assertEquals(400, tampered.status(), tampered.body());
        XrpcResponse garbage = billing.deliver(payload, "nonsense");
        assertEquals(400, garbage.status(), garbage.body());
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void aStaleSignatureIsRefusedAndChangesNothing() {
        String sub = billing.pay(user, "bosun", "monthly");
        String payload = StripeEvents.event("customer.subscription.created", billing.stripe.objects().subscriptionJson(sub));
        long stale = billing.hold.clock().instant().getEpochSecond() - 301;
        XrpcResponse response = billing.deliver(payload, StripeEvents.signature(BillingFixture.WEBHOOK_SECRET, stale, payload));
        assertEquals(400, response.status(), response.body());
        assertEquals("InvalidSignature", response.error());
        assertTrue(response.message().contains("tolerance"), response.message());
        assertEquals("swabbie", billing.tierOf(user));
        // Within the tolerance it is accepted: the same event, signed 299 s ago.
        long recent = billing.hold.clock().instant().getEpochSecond() - 299;
        assertReceived(billing.deliver(payload, StripeEvents.signature(BillingFixture.WEBHOOK_SECRET, recent, payload)));
        assertEquals("bosun", billing.tierOf(user));
    }

    @Test
    void whenStripeFailsTheEventIsRetriableAndAppliesOnRetry() {
        String sub = billing.pay(user, "bosun", "monthly");
        String payload = StripeEvents.event("customer.subscription.created", billing.stripe.objects().subscriptionJson(sub));
        billing.stripe.down(true);
        XrpcResponse failed = billing.deliver(payload);
        assertEquals(502, failed.status(), failed.body());
        assertEquals("swabbie", billing.tierOf(user));
        billing.stripe.down(false);
        assertReceived(billing.deliver(payload));
        assertEquals("bosun", billing.tierOf(user));
    }
}

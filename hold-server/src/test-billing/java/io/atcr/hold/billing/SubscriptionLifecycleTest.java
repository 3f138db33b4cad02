package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.BillingHold;
import io.atcr.hold.testing.StripeEvents;
import io.atcr.hold.testing.StripeStandIn;
import io.atcr.hold.testing.TestHold;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's manual flow, automated: checkout, payment in Stripe, signed webhooks, the tier changes. */
class SubscriptionLifecycleTest {
    private static final String USER = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

    private StripeStandIn stripe;
    private TestHold hold;

    @BeforeEach
    void start() {
        stripe = StripeStandIn.start();
        stripe.objects().examplePrices();
        hold = BillingHold.builder(stripe).start();
        hold.cli("crew", "add", USER);
    }

    @AfterEach
    void stop() {
        hold.close();
        stripe.close();
    }

    @Test
    void aCompletedCheckoutsWebhooksRaiseTheTierAndInfoShowsIt() {
        BillingService billing = BillingHold.service(hold);
        assertEquals("swabbie", billing.subscriptionInfo(Optional.of(USER)).user().tier());
        CheckoutSession session = billing.createCheckoutSession(USER, "bosun", "monthly");
        String sub = stripe.objects().completeCheckout(session.sessionId());

        assertEquals(200, BillingHold.deliver(hold, StripeEvents.event("checkout.session.completed",
                stripe.objects().sessionJson(session.sessionId()))).status());
        assertEquals(200, BillingHold.deliver(hold, StripeEvents.event("customer.subscription.created",
                stripe.objects().subscriptionJson(sub))).status());

        assertEquals("bosun", BillingHold.tierOf(hold, USER));
        SubscriptionInfo.User user = billing.subscriptionInfo(Optional.of(USER)).user();
        assertEquals("bosun", user.tier());
        assertEquals(sub, user.subscription().id());
        assertEquals("monthly", user.subscription().interval());
    }
}

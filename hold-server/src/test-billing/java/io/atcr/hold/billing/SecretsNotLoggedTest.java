package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.StripeEvents;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Everything billing logs, on success and on every kind of failure, contains neither Stripe secret. */
class SecretsNotLoggedTest {

    @Test
    void logsOfABillingSessionContainNeitherSecret() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringBuilder printed = new StringBuilder();
        // slf4j-simple writes to whatever System.err is at the time of each line.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (BillingFixture billing = BillingFixture.start()) {
            TestIdentities.User user = billing.crewMember();
            String sub = billing.subscribe(user, "bosun", "monthly");
            billing.deliver(StripeEvents.event("customer.subscription.updated", billing.stripe.objects().subscriptionJson(sub)),
                    StripeEvents.signature("whsec_wrong", billing.hold.clock().instant().getEpochSecond(), "{}"));
            billing.stripe.down(true);
            assertEquals(502, billing.deliverAbout("customer.subscription.updated", sub).status());
            assertEquals(502, billing.checkout(billing.crewMember(), "bosun", "monthly").status());
            TestHold.CommandResult check = billing.hold.cli("config", "check");
            printed.append(check.out()).append(check.err());
            billing.stripe.down(false);
            TestHold.CommandResult sync = billing.hold.cli("billing", "sync");
            printed.append(sync.out()).append(sync.err());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8) + printed;
        assertTrue(log.contains("stripe event"), "the capture saw the webhook log lines");
        assertTrue(log.contains("StripeError"), "the capture saw a Stripe failure");
        assertFalse(log.contains(BillingFixture.SECRET_KEY), "the secret key leaked");
        assertFalse(log.contains(BillingFixture.WEBHOOK_SECRET), "the webhook secret leaked");
        assertFalse(log.contains(BillingFixture.SECRET_KEY.substring(8)), "part of the secret key leaked");
        assertFalse(log.contains(BillingFixture.WEBHOOK_SECRET.substring(6)), "part of the webhook secret leaked");
    }
}

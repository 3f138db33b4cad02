package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.StripeEvents;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Everything billing logs, on success and on every kind of failure, contains neither Stripe secret. */
class SecretsNotLoggedTest {

    /** Where this test JVM's slf4j-simple writes (the surefire configuration, else simplelogger.properties). */
    private static final Path LOG = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-hold.log"));

    @Test
    void logsOfABillingSessionContainNeitherSecret() throws Exception {
        LoggerFactory.getLogger(SecretsNotLoggedTest.class).info("secrets test starts"); // the log file exists from here
        long start = Files.size(LOG);
        StringBuilder printed = new StringBuilder();
        String stripeBase;
        try (BillingFixture billing = BillingFixture.start()) {
            stripeBase = billing.stripe.url();
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
        }
        byte[] all = Files.readAllBytes(LOG);
        String log = new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8) + printed;
        assertTrue(log.contains("stripe event"), "the capture saw the webhook log lines");
        assertTrue(log.contains("StripeError"), "the capture saw a Stripe failure");
        assertTrue(log.contains("Stripe at " + stripeBase + " failed while"), "a Stripe failure is one line naming the API base");
        assertFalse(log.contains("\tat com.stripe"), "a Stripe failure logged a stack trace");
        assertFalse(log.contains(BillingFixture.SECRET_KEY), "the secret key leaked");
        assertFalse(log.contains(BillingFixture.WEBHOOK_SECRET), "the webhook secret leaked");
        assertFalse(log.contains(BillingFixture.SECRET_KEY.substring(8)), "part of the secret key leaked");
        assertFalse(log.contains(BillingFixture.WEBHOOK_SECRET.substring(6)), "part of the webhook secret leaked");
    }
}

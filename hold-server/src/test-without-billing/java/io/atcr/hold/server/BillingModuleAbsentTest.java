package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Built without -Pbilling: every billing method says billing is off because the module is absent, and how to fix it. */
class BillingModuleAbsentTest {
    private static TestHold hold;

    @BeforeAll
    static void start() {
        // Everything else billing needs is present, so the module is the only cause.
        hold = TestHold.builder().quotas(Quotas.EXAMPLE_WITH_BILLING)
                .env("STRIPE_SECRET_KEY", "sk_test_fake_secret_value")
                .env("STRIPE_WEBHOOK_SECRET", "whsec_fake_secret_value").start();
    }

    @AfterAll
    static void stop() {
        hold.close();
    }

    private static void assertModuleAbsent(XrpcResponse response) {
        response.assertXrpcError(501, "BillingNotEnabled");
        assertTrue(response.message().contains("built without the billing module"), response.message());
        assertTrue(response.message().contains("-Pbilling"), response.message());
    }

    @Test
    void getSubscriptionInfoSaysTheModuleIsAbsent() {
        assertModuleAbsent(hold.get("/xrpc/io.atcr.hold.getSubscriptionInfo"));
    }

    @Test
    void createCheckoutSessionSaysTheModuleIsAbsent() {
        assertModuleAbsent(hold.post("/xrpc/io.atcr.hold.createCheckoutSession", "{\"tier\":\"bosun\",\"interval\":\"monthly\"}"));
    }

    @Test
    void getBillingPortalUrlSaysTheModuleIsAbsent() {
        assertModuleAbsent(hold.get("/xrpc/io.atcr.hold.getBillingPortalUrl"));
    }

    @Test
    void stripeWebhookSaysTheModuleIsAbsent() {
        assertModuleAbsent(hold.post("/xrpc/io.atcr.hold.stripeWebhook", "{}", "Stripe-Signature", "t=1,v1=00"));
    }

    @Test
    void configCheckWarnsThatBillingStaysOffAndStillPasses() {
        var result = hold.cli("config", "check");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("warning: billing.enabled is true but billing stays off: this hold was built without the billing module"), result.out());
        assertTrue(result.out().contains("sk_test_…(redacted)"), result.out());
        assertTrue(!result.out().contains("fake_secret_value"), result.out());
    }

    @Test
    void theClasspathHasNoStripeCode() {
        assertEquals(null, getClass().getClassLoader().getResource("com/stripe/StripeClient.class"));
    }
}

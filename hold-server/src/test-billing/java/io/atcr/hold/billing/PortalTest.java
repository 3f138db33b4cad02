package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.StripeStandIn;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code getBillingPortalUrl}: a portal session for the caller's own customer, returning only where allowed. */
class PortalTest {
    @AutoClose
    private final BillingFixture billing = BillingFixture.start();
    private final TestIdentities.User user = billing.crewMember();

    private XrpcResponse portal(String query) {
        return billing.hold.get("/xrpc/" + BillingFixture.PORTAL + query, "Authorization", user.bearer(BillingFixture.PORTAL));
    }

    private StripeStandIn.Request portalRequest() {
        return billing.stripe.requests().stream().filter(r -> r.is("POST", "/v1/billing_portal/sessions"))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aSubscriberGetsAPortalSessionOfTheirCustomerReturningToTheHold() {
        String sub = billing.subscribe(user, "bosun", "monthly");
        XrpcResponse response = portal("");
        assertEquals(200, response.status(), response.body());
        Lexicons.assertOutputMatches(BillingFixture.PORTAL, response.json());
        assertTrue(response.json().path("url").asText().startsWith("https://billing.stripe.test/p/session/bps_"));
        assertEquals(billing.stripe.objects().subscriptionJson(sub).path("customer").asText(), portalRequest().params().get("customer"));
        assertEquals("http://hold.test", portalRequest().params().get("return_url"));
    }

    @Test
    void aReturnUrlOnAnAllowedOriginIsPassedOn() {
        billing.subscribe(user, "bosun", "monthly");
        String back = "https://atcr.example/settings/storage";
        assertEquals(200, portal("?returnUrl=" + URLEncoder.encode(back, StandardCharsets.UTF_8)).status());
        assertEquals(back, portalRequest().params().get("return_url"));
        assertEquals(200, portal("?returnUrl=" + URLEncoder.encode("http://hold.test/billing", StandardCharsets.UTF_8)).status());
    }

    @Test
    void aReturnUrlOnAnotherOriginIsInvalidReturnUrl() {
        billing.subscribe(user, "bosun", "monthly");
        for (String bad : new String[] {"https://evil.example/", "https://atcr.example.evil.example/", "javascript:alert(1)",
                "http://atcr.example/", "not a url"}) {
            XrpcResponse response = portal("?returnUrl=" + URLEncoder.encode(bad, StandardCharsets.UTF_8));
            assertEquals(400, response.status(), bad + ": " + response.body());
            assertEquals("InvalidReturnUrl", response.error(), bad);
        }
    }

    @Test
    void aCallerWithoutACustomerHasNoBillingAccount() {
        XrpcResponse response = portal("");
        assertEquals(404, response.status(), response.body());
        assertEquals("NoBillingAccount", response.error());
    }

    @Test
    void withoutATokenItIsAuthRequired() {
        XrpcResponse response = billing.hold.get("/xrpc/" + BillingFixture.PORTAL);
        assertEquals(401, response.status(), response.body());
        assertEquals("AuthRequired", response.error());
    }

    @Test
    void aPortalNeverConfiguredInStripeIsA502SayingWhereToConfigureIt() {
        TestIdentities.User user = billing.crewMember();
        billing.subscribe(user, "bosun", "monthly");
        billing.stripe.objects().portalNeverConfigured();
        XrpcResponse response = billing.hold.get("/xrpc/" + BillingFixture.PORTAL, "Authorization", user.bearer(BillingFixture.PORTAL));
        response.assertXrpcError(502, "StripeError");
        assertTrue(response.message().contains("customer portal was never configured"), response.message());
        assertTrue(response.message().contains("Settings, Billing, Customer portal"), response.message());
    }
}

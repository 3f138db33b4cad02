package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.StripeEvents;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The seed's manual flow, automated, over HTTP: info, checkout, payment in Stripe, signed webhooks, the new tier. */
class SubscriptionLifecycleTest {
    @AutoClose
    private final BillingFixture billing = BillingFixture.start();

    @Test
    void aPaidCheckoutsWebhooksRaiseTheTierAndInfoShowsIt() {
        TestIdentities.User user = billing.crewMember();
        JsonNode before = billing.info(user).json();
        assertEquals("swabbie", before.path("user").path("tier").asText());
        assertTrue(before.path("user").path("subscription").isNull(), before.toString());
        Lexicons.assertOutputMatches(BillingFixture.INFO, before);

        XrpcResponse session = billing.checkout(user, "bosun", "monthly");
        assertEquals(200, session.status(), session.body());
        Lexicons.assertOutputMatches(BillingFixture.CHECKOUT, session.json());
        String sessionId = session.json().path("sessionId").asText();
        assertEquals("https://checkout.stripe.test/c/pay/" + sessionId, session.json().path("url").asText());
        String subscription = billing.stripe.objects().completeCheckout(sessionId);

        assertEquals(200, billing.deliver(StripeEvents.event("checkout.session.completed",
                billing.stripe.objects().sessionJson(sessionId))).status());
        XrpcResponse created = billing.deliverAbout("customer.subscription.created", subscription);
        assertEquals(200, created.status(), created.body());
        assertEquals(true, created.json().path("received").asBoolean());
        Lexicons.assertOutputMatches(BillingFixture.WEBHOOK, created.json());

        assertEquals("bosun", billing.tierOf(user));
        JsonNode after = billing.info(user).json();
        Lexicons.assertOutputMatches(BillingFixture.INFO, after);
        JsonNode me = after.path("user");
        assertEquals("bosun", me.path("tier").asText());
        assertEquals(10L * 1024 * 1024 * 1024, me.path("quotaBytes").asLong());
        assertEquals(subscription, me.path("subscription").path("id").asText());
        assertEquals("active", me.path("subscription").path("status").asText());
        assertEquals("bosun", me.path("subscription").path("tier").asText());
        assertEquals("monthly", me.path("subscription").path("interval").asText());
        assertEquals(false, me.path("subscription").path("cancelAtPeriodEnd").asBoolean());
    }

    @Test
    void anonymousInfoListsTiersWithStripesAmountsAndNoUser() {
        XrpcResponse info = billing.hold.get("/xrpc/" + BillingFixture.INFO);
        assertEquals(200, info.status(), info.body());
        Lexicons.assertOutputMatches(BillingFixture.INFO, info.json());
        JsonNode json = info.json();
        assertEquals(true, json.path("billingEnabled").asBoolean());
        assertEquals("usd", json.path("currency").asText());
        assertTrue(json.path("user").isMissingNode(), json.toString());
        JsonNode swabbie = json.path("tiers").get(0);
        assertEquals("swabbie", swabbie.path("name").asText());
        assertEquals(true, swabbie.path("free").asBoolean());
        assertEquals(0, swabbie.path("prices").size());
        JsonNode bosun = json.path("tiers").get(2);
        assertEquals("bosun", bosun.path("name").asText());
        assertEquals(false, bosun.path("free").asBoolean());
        JsonNode monthly = bosun.path("prices").get(0);
        assertEquals("monthly", monthly.path("interval").asText());
        assertEquals("price_bosun_monthly", monthly.path("priceId").asText());
        assertEquals(1000, monthly.path("unitAmount").asLong());
        assertEquals("usd", monthly.path("currency").asText());
    }

    @Test
    void infoWithABadTokenIsRefusedRatherThanAnsweredAnonymously() {
        XrpcResponse info = billing.hold.get("/xrpc/" + BillingFixture.INFO, "Authorization", "Bearer not-a-token");
        assertEquals(401, info.status(), info.body());
    }

    @Test
    void theSuccessPageAppliesThePaidTierBeforeAnyWebhook() {
        TestIdentities.User user = billing.crewMember();
        XrpcResponse session = billing.checkout(user, "deckhand", "yearly");
        String sessionId = session.json().path("sessionId").asText();
        billing.stripe.objects().completeCheckout(sessionId);

        XrpcResponse page = billing.hold.get("/billing/success?session_id=" + sessionId);
        assertEquals(200, page.status(), page.body());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("deckhand"), page.body());
        assertTrue(page.body().contains("href=\"http://hold.test\""), page.body());
        assertEquals("deckhand", billing.tierOf(user));
    }

    @Test
    void theSuccessPageOfAnUnpaidSessionChangesNothing() {
        TestIdentities.User user = billing.crewMember();
        String sessionId = billing.checkout(user, "bosun", "yearly").json().path("sessionId").asText();

        XrpcResponse page = billing.hold.get("/billing/success?session_id=" + sessionId);
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("still being processed"), page.body());
        assertEquals("swabbie", billing.tierOf(user));
    }

    @Test
    void theSuccessPageOfAnUnknownSessionIsNotFound() {
        XrpcResponse page = billing.hold.get("/billing/success?session_id=cs_test_nosuchsession");
        assertEquals(404, page.status(), page.body());
        assertEquals("SessionNotFound", page.error());
    }

    @Test
    void theSuccessPageWithoutASessionIsAPageForAPerson() {
        XrpcResponse page = billing.hold.get("/billing/success");
        assertEquals(400, page.status(), page.body());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("no session_id") && page.body().contains("href=\"http://hold.test\""), page.body());
    }

    @Test
    void theCancelPageIsPlainHtmlWithALinkBack() {
        XrpcResponse page = billing.hold.get("/billing/cancel");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("No payment was taken"), page.body());
        assertTrue(page.body().contains("href=\"http://hold.test\""), page.body());
    }
}

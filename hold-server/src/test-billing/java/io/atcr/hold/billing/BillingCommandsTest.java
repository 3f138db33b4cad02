package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code config check} against Stripe's prices, and {@code billing sync} recovering from missed webhooks. */
class BillingCommandsTest {
    @AutoClose
    private final BillingFixture billing = BillingFixture.start();

    @Test
    void configCheckPassesWhenEveryPriceExistsAndMatchesItsInterval() {
        TestHold.CommandResult result = billing.hold.cli("config", "check");
        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().contains("every configured Price ID exists in Stripe"), result.out());
        assertFalse(result.out().contains(BillingFixture.SECRET_KEY), result.out());
        assertFalse(result.out().contains(BillingFixture.WEBHOOK_SECRET), result.out());
    }

    @Test
    void configCheckNamesEachBadPrice() {
        billing.stripe.objects().removePrice("price_bosun_yearly");
        billing.stripe.objects().price("price_bosun_monthly", 1000, "usd", "year");
        billing.stripe.objects().price("price_deckhand_yearly", 5000, "usd", null);
        TestHold.CommandResult result = billing.hold.cli("config", "check");
        assertEquals(2, result.code(), result.out());
        assertTrue(result.out().contains("error: tiers.bosun.stripe_price_yearly: Price price_bosun_yearly does not exist"), result.out());
        assertTrue(result.out().contains("error: tiers.bosun.stripe_price_monthly: Price price_bosun_monthly bills every year"), result.out());
        assertTrue(result.out().contains("error: tiers.deckhand.stripe_price_yearly: Price price_deckhand_yearly is a one-time price"), result.out());
    }

    @Test
    void configCheckRefusesAPriceBilledEveryFewIntervals() {
        ((com.fasterxml.jackson.databind.node.ObjectNode) billing.stripe.objects()
                .price("price_bosun_monthly", 3000, "usd", "month").get("recurring")).put("interval_count", 3);
        TestHold.CommandResult check = billing.hold.cli("config", "check");
        assertEquals(2, check.code(), check.out());
        assertTrue(check.out().contains("tiers.bosun.stripe_price_monthly: Price price_bosun_monthly bills every 3 months"),
                check.out() + check.err());
    }

    @Test
    void configCheckNamesAPriceInAnotherCurrency() {
        billing.stripe.objects().price("price_bosun_monthly", 1000, "eur", "month");
        TestHold.CommandResult result = billing.hold.cli("config", "check");
        assertEquals(2, result.code(), result.out());
        assertTrue(result.out().contains("price_bosun_monthly is in eur but billing.currency is usd"), result.out());
    }

    @Test
    void syncAppliesWhatMissedWebhooksWouldHave() {
        TestIdentities.User paid = billing.crewMember();
        TestIdentities.User lapsed = billing.crewMember();
        billing.pay(paid, "bosun", "monthly");                       // its webhooks never arrived
        String old = billing.subscribe(lapsed, "deckhand", "yearly");
        billing.stripe.objects().setStatus(old, "canceled");         // nor did this one's deletion
        String foreign = billing.stripe.objects().customer("did:plc:otherholdotherholdotherh", "did:web:other.hold");
        billing.stripe.objects().subscribe(foreign, "price_bosun_monthly", Map.of());

        TestHold.CommandResult dry = billing.hold.cli("billing", "sync", "--dry-run");
        assertEquals(0, dry.code(), dry.out() + dry.err());
        assertTrue(dry.out().contains("would change " + paid.did() + ": (free) -> bosun"), dry.out());
        assertTrue(dry.out().contains("would change " + lapsed.did() + ": deckhand -> (free)"), dry.out());
        assertTrue(dry.out().contains("2 change(s) found; nothing was written"), dry.out());
        assertEquals("swabbie", billing.tierOf(paid));
        assertEquals("deckhand", billing.tierOf(lapsed));

        TestHold.CommandResult real = billing.hold.cli("billing", "sync");
        assertEquals(0, real.code(), real.out() + real.err());
        assertTrue(real.out().contains("changed " + paid.did() + ": (free) -> bosun"), real.out());
        assertEquals("bosun", billing.tierOf(paid));
        assertEquals("swabbie", billing.tierOf(lapsed));

        TestHold.CommandResult again = billing.hold.cli("billing", "sync");
        assertTrue(again.out().contains("0 change(s) applied"), again.out());
    }

    @Test
    void syncWhenStripeIsDownFailsWithAMessage() {
        billing.stripe.down(true);
        TestHold.CommandResult result = billing.hold.cli("billing", "sync");
        assertEquals(1, result.code(), result.out());
        assertTrue(result.err().contains("error: Stripe failed while listing customers"), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void syncWithBillingOffSaysWhy() {
        TestHold.CommandResult result = billing.hold.cliWith(Map.of("STRIPE_WEBHOOK_SECRET", ""), "billing", "sync");
        assertEquals(1, result.code(), result.out());
        assertTrue(result.out().contains("STRIPE_WEBHOOK_SECRET is not set"), result.out());
    }
}

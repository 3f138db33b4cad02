package io.atcr.hold.billing.stripe;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.net.Webhook;
import io.atcr.hold.failure.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Stripe's v1 scheme, checked by stripe-java's verifier against the hold's clock. */
class WebhookSignatureTest {
    private static final long NOW = 1_800_000_000L;
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    private final WebhookSignature signature = new WebhookSignature("whsec_test", Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private static String v1(long t) {
        try {
            return Webhook.Util.computeHmacSha256("whsec_test", t + "." + new String(BODY, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKnownVectorMatches() {
        // HMAC-SHA256("whsec_test", "1800000000." + body), computed independently with openssl.
        assertEquals("45705be2a45ab5acdd1395cc695e9e7073125385ec24194921c401dff44176f8", v1(NOW));
        assertDoesNotThrow(() -> signature.verify(BODY, "t=" + NOW + ",v1=" + v1(NOW)));
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() {
        String other = "0".repeat(64);
        assertDoesNotThrow(() -> signature.verify(BODY, "t=" + NOW + ",v1=" + other + ",v1=" + v1(NOW) + ",v0=abc"));
    }

    @Test
    void aSignatureOlderThanThreeHundredSecondsIsRefused() {
        assertDoesNotThrow(() -> signature.verify(BODY, "t=" + (NOW - 300) + ",v1=" + v1(NOW - 300)));
        Failure stale = assertThrows(Failure.class,
                () -> signature.verify(BODY, "t=" + (NOW - 301) + ",v1=" + v1(NOW - 301)));
        assertEquals("InvalidSignature", stale.error());
        assertTrue(stale.getMessage().contains("300 s tolerance"), stale.getMessage());
    }

    @Test
    void malformedHeadersAreInvalidSignaturesNotErrors() {
        for (String header : new String[] {"", "t=abc,v1=" + v1(NOW), "t=" + NOW + ",v1=zz", ",,,", "t=,v1=",
                "t=99999999999999999999999,v1=" + v1(NOW)}) {
            assertEquals("InvalidSignature", assertThrows(Failure.class, () -> signature.verify(BODY, header)).error(), header);
        }
        assertEquals("InvalidSignature", assertThrows(Failure.class, () -> signature.verify(BODY, null)).error());
    }

    @Test
    void aSignatureOfAnotherTimestampOrBodyIsRefused() {
        assertThrows(Failure.class, () -> signature.verify(BODY, "t=" + NOW + ",v1=" + v1(NOW - 1)));
        assertThrows(Failure.class, () -> signature.verify("{}".getBytes(StandardCharsets.UTF_8), "t=" + NOW + ",v1=" + v1(NOW)));
        assertThrows(Failure.class, () -> signature.verify(BODY, "v1=" + v1(NOW)));
        assertThrows(Failure.class, () -> signature.verify(BODY, "t=" + NOW));
    }
}

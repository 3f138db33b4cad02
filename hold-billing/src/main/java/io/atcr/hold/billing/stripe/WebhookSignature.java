package io.atcr.hold.billing.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.atcr.hold.failure.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Stripe's webhook signature ({@code Stripe-Signature: t=…,v1=…}), checked by stripe-java's own verifier over the raw
 * body, on the hold's clock, with a 300 s tolerance for old signatures. Every refusal, the parser's on a malformed
 * header included, is 400 {@code InvalidSignature}.
 */
final class WebhookSignature {
    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    private final String secret;
    private final Clock clock;

    public WebhookSignature(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /**
     * Returns when one {@code v1} signature matches and its timestamp is not older than the tolerance.
     *
     * @throws Failure 400 {@code InvalidSignature} otherwise; the message never echoes the secret or the header
     */
    public void verify(byte[] rawBody, String header) {
        if (header == null || header.isBlank()) {
            throw invalid("the request has no Stripe-Signature header");
        }
        try {
            Webhook.Signature.verifyHeader(new String(rawBody, StandardCharsets.UTF_8), header, secret,
                    TOLERANCE.toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            throw invalid(reason(e.getMessage()));
        } catch (RuntimeException malformed) {
            throw invalid("the Stripe-Signature header is malformed");
        }
    }

    private static String reason(String stripeMessage) {
        String message = String.valueOf(stripeMessage).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("tolerance")) {
            return "the signature's timestamp is beyond the " + TOLERANCE.toSeconds() + " s tolerance of the hold's "
                    + "clock; check the hold's clock, or this is a replay";
        }
        if (message.contains("no signatures found")) {
            return "no v1 signature matches the body; check that STRIPE_WEBHOOK_SECRET is this endpoint's signing "
                    + "secret (stripe listen prints its own) and that nothing rewrites the body";
        }
        return "the Stripe-Signature header has no timestamp or no v1 signature";
    }

    private static Failure invalid(String why) {
        return Failure.badRequest("InvalidSignature", "the webhook was refused and nothing changed: " + why);
    }
}

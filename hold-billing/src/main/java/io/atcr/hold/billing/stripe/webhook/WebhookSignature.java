package io.atcr.hold.billing.stripe.webhook;

import io.atcr.hold.xrpc.XrpcException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature, scheme {@code v1}: {@code Stripe-Signature: t=TIMESTAMP,v1=HEX[,v1=HEX…]} where HEX is
 * HMAC-SHA256 keyed with the endpoint secret over {@code TIMESTAMP + "." + raw body}. Written here rather than taken
 * from stripe-java so that it reads the hold's clock (stripe-java reads the system's).
 */
public final class WebhookSignature {
    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    private final byte[] secret;
    private final Clock clock;

    public WebhookSignature(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * Returns when one {@code v1} signature matches and the timestamp is within the tolerance of now.
     *
     * @throws XrpcException 400 {@code InvalidSignature} otherwise; the message never echoes the secret
     */
    public void verify(byte[] rawBody, String header) {
        long timestamp = -1;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t")) {
                timestamp = parseLong(pair[1]);
            } else if (pair[0].equals("v1") && pair[1].matches("[0-9a-fA-F]{64}")) {
                signatures.add(HexFormat.of().parseHex(pair[1]));
            }
        }
        if (timestamp < 0 || signatures.isEmpty()) {
            throw invalid("the Stripe-Signature header has no timestamp or no v1 signature");
        }
        byte[] expected = sign(timestamp, rawBody);
        boolean matches = false;
        for (byte[] signature : signatures) {
            matches |= MessageDigest.isEqual(expected, signature); // constant time
        }
        if (!matches) {
            throw invalid("no v1 signature matches the body; check that STRIPE_WEBHOOK_SECRET is this endpoint's "
                    + "signing secret (stripe listen prints its own) and that nothing rewrites the body");
        }
        long age = clock.instant().getEpochSecond() - timestamp;
        if (Math.abs(age) > TOLERANCE.toSeconds()) {
            throw invalid("the signature's timestamp is " + age + " s from the hold's clock, beyond the "
                    + TOLERANCE.toSeconds() + " s tolerance; check the hold's clock, or this is a replay");
        }
    }

    /** The v1 signature of a body at a timestamp. */
    byte[] sign(long timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static XrpcException invalid(String why) {
        return XrpcException.badRequest("InvalidSignature", "the webhook was refused and nothing changed: " + why);
    }
}

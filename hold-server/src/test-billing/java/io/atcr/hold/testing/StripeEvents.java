package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atcr.hold.xrpc.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Stripe events as Stripe sends them, and their signature, computed exactly as Stripe computes it. */
public final class StripeEvents {
    /** An API version other than stripe-java's, as the Stripe CLI forwards in the account's default version. */
    public static final String OLD_API_VERSION = "2020-08-27";
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private StripeEvents() {
    }

    /** A fresh event ID. */
    public static String newId() {
        return "evt_test_" + NEXT.getAndIncrement();
    }

    public static String event(String type, JsonNode object) {
        return event(newId(), type, OLD_API_VERSION, object);
    }

    public static String event(String id, String type, String apiVersion, JsonNode object) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("id", id).put("object", "event")
                .put("api_version", apiVersion).put("created", 1_700_000_000L).put("type", type).put("livemode", false);
        event.putObject("data").set("object", object);
        event.putObject("request").putNull("id");
        return event.toString();
    }

    /** The {@code Stripe-Signature} header: {@code t=…,v1=HMAC-SHA256(secret, t + "." + payload)}. */
    public static String signature(String secret, long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

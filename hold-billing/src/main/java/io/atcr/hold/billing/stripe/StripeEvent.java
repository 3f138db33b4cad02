package io.atcr.hold.billing.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.xrpc.Json;
import io.atcr.hold.failure.Failure;
import java.io.IOException;
import java.util.Optional;

/**
 * The few fields of a Stripe event the hold reads, taken from the raw JSON so that an event of any
 * {@code api_version} parses: the event's ID and type, and its object's ID, customer and metadata DIDs. The rest of
 * the event's copy of the object is deliberately not read: Stripe is asked for the current state instead.
 */
record StripeEvent(String id, String type, String apiVersion, String objectId, String customerId,
                          String metadataUserDid, String metadataHoldDid) {

    /** @throws Failure 400 when the body is not a Stripe event */
    public static StripeEvent parse(byte[] rawBody) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(rawBody);
        } catch (IOException e) {
            throw Failure.invalidRequest("the webhook body is not JSON");
        }
        String id = root == null ? null : text(root.path("id"));
        String type = root == null ? null : text(root.path("type"));
        if (id == null || type == null || !"event".equals(text(root.path("object")))) {
            throw Failure.invalidRequest("the webhook body is not a Stripe event (no object 'event' with id and type)");
        }
        JsonNode object = root.path("data").path("object");
        JsonNode customer = object.path("customer");
        // A customer may arrive as an ID or, when expanded, as an object.
        String customerId = customer.isObject() ? text(customer.path("id")) : text(customer);
        if (customerId == null && "customer".equals(text(object.path("object")))) {
            customerId = text(object.path("id"));
        }
        JsonNode metadata = object.path("metadata");
        return new StripeEvent(id, type, text(root.path("api_version")), text(object.path("id")), customerId,
                text(metadata.path(CustomerOwner.USER_DID)), text(metadata.path(CustomerOwner.HOLD_DID)));
    }

    public Optional<String> customer() {
        return Optional.ofNullable(customerId);
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}

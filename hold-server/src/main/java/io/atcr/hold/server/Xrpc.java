package io.atcr.hold.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.xrpc.Json;
import io.atcr.hold.failure.Failure;
import io.javalin.http.Context;
import java.util.Optional;

/** Reading XRPC input: query parameters and JSON bodies, each failure a 400 that names the field. */
final class Xrpc {
    private Xrpc() {
    }

    static String requiredParam(Context ctx, String name) {
        return optionalParam(ctx, name).orElseThrow(() ->
                Failure.invalidRequest("missing query parameter '" + name + "'"));
    }

    static Optional<String> optionalParam(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        Optional<String> text = optionalParam(ctx, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Failure.invalidRequest("'" + name + "' must be a whole number from " + min + " to " + max);
    }

    /** The request's JSON object body, read within the server's {@link BodyBudget}; an empty body reads as {@code {}}. */
    static JsonNode body(Context ctx) {
        return BodyBudget.of(ctx).read(ctx, bytes -> {
            if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                return Json.MAPPER.createObjectNode();
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw Failure.invalidRequest("the request body is not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw Failure.invalidRequest("the request body must be a JSON object");
            }
            return node;
        });
    }

    /** The request's raw body, read within the server's {@link BodyBudget}. */
    static byte[] rawBody(Context ctx) {
        return BodyBudget.of(ctx).read(ctx, bytes -> bytes);
    }

    static Optional<String> optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw Failure.invalidRequest("'" + field + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    static String requiredString(JsonNode body, String field) {
        return optionalString(body, field).filter(s -> !s.isBlank())
                .orElseThrow(() -> Failure.invalidRequest("missing string field '" + field + "' in the request body"));
    }
}

package io.atcr.hold.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** A response from the hold: status, headers, raw body and (when JSON) the parsed body. */
public record XrpcResponse(int status, HttpHeaders headers, String body, JsonNode json) {
    public String error() {
        return json == null ? null : json.path("error").asText(null);
    }

    public String message() {
        return json == null ? null : json.path("message").asText(null);
    }

    public String contentType() {
        return headers.firstValue("Content-Type").orElse("");
    }

    /** Asserts an XRPC error as the spec has them: this status and name, JSON, a message, no trace and no HTML. */
    public XrpcResponse assertXrpcError(int expectedStatus, String expectedError) {
        assertEquals(expectedStatus, status, body);
        assertTrue(contentType().startsWith("application/json"), contentType());
        assertEquals(expectedError, error(), body);
        assertFalse(message() == null || message().isBlank(), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("<html"), body);
        return this;
    }
}

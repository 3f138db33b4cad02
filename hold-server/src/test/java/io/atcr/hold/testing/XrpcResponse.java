package io.atcr.hold.testing;

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
}

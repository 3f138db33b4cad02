package io.atcr.hold.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.xrpc.Json;
import java.io.IOException;

/** What the hold needs of a resolved DID document: the DID and its {@code #atproto} signing key. */
record DidDocument(String did, Multikey atprotoKey) {

    /** Reads a DID document; the document must be about {@code did} and carry a {@code Multikey} {@code #atproto}. */
    static DidDocument parse(String did, byte[] json) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new DidResolutionException("the DID document of " + did + " is not valid JSON");
        }
        if (doc == null || !did.equals(doc.path("id").asText())) {
            throw new DidResolutionException("the DID document served for " + did + " is about another DID");
        }
        for (JsonNode method : doc.path("verificationMethod")) {
            String id = method.path("id").asText();
            if (id.equals("#atproto") || id.equals(did + "#atproto")) {
                return new DidDocument(did, key(did, method));
            }
        }
        throw new DidResolutionException("the DID document of " + did + " has no #atproto verification method");
    }

    private static Multikey key(String did, JsonNode method) {
        if (!"Multikey".equals(method.path("type").asText())) {
            throw new DidResolutionException("the #atproto key of " + did + " is of type '"
                    + method.path("type").asText() + "'; expected Multikey");
        }
        try {
            return Multikey.decode(method.path("publicKeyMultibase").asText(null));
        } catch (IllegalArgumentException e) {
            throw new DidResolutionException("the #atproto key of " + did + " is unusable: " + e.getMessage());
        }
    }
}

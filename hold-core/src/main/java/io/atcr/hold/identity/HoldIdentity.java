package io.atcr.hold.identity;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The hold's own identity: {@code did:web} of its public URL's host (and port, as {@code %3A}). */
public record HoldIdentity(String did, String publicUrl) {

    public static HoldIdentity of(URI publicUrl, String holdUrl) {
        String host = publicUrl.getHost().toLowerCase(java.util.Locale.ROOT);
        String did = "did:web:" + host + (publicUrl.getPort() == -1 ? "" : "%3A" + publicUrl.getPort());
        return new HoldIdentity(did, holdUrl);
    }

    /** The DID document served at {@code /.well-known/did.json}. */
    public Map<String, Object> didDocument() {
        return Map.of(
                "@context", List.of("https://www.w3.org/ns/did/v1"),
                "id", did,
                "service", List.of(Map.of(
                        "id", "#atcr_hold",
                        "type", "AtcrHoldService",
                        "serviceEndpoint", publicUrl)));
    }
}

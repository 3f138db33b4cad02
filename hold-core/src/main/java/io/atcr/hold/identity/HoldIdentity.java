package io.atcr.hold.identity;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hold's own identity: {@code did:web} of its public URL's host (and port, as {@code %3A}), its handle (the host),
 * and the public half of its repository signing key.
 */
public record HoldIdentity(String did, String handle, String publicUrl, Multikey signingKey) {

    public static HoldIdentity of(URI publicUrl, String holdUrl, Multikey signingKey) {
        String host = publicUrl.getHost().toLowerCase(java.util.Locale.ROOT);
        String did = "did:web:" + host + (publicUrl.getPort() == -1 ? "" : "%3A" + publicUrl.getPort());
        return new HoldIdentity(did, host, holdUrl, signingKey);
    }

    /** The handle the network can use: the host when it is a valid ATProto handle; none for an IP address or a bare name. */
    public java.util.Optional<String> atprotoHandle() {
        return io.atcr.hold.record.Syntax.isHandle(handle) ? java.util.Optional.of(handle) : java.util.Optional.empty();
    }

    /** What answers whose lexicon requires a handle say: the handle, or {@code handle.invalid} as the reference PDS does. */
    public String handleOrInvalid() {
        return atprotoHandle().orElse("handle.invalid");
    }

    /**
     * Why relays and AppViews will not index this hold, when they will not: its host is no valid ATProto handle (an
     * IP address, a name without a dot), or its URL has a port (ATProto allows one in did:web only for localhost).
     */
    public java.util.Optional<String> notIndexedBecause() {
        URI url = URI.create(publicUrl);
        if (!io.atcr.hold.record.Syntax.isHandle(handle)) {
            return java.util.Optional.of("its host " + handle + " is not a valid ATProto handle (an IP address, or a name "
                    + "without a dot)");
        }
        if (url.getPort() != -1) {
            return java.util.Optional.of("its URL has a port (:" + url.getPort() + "), which ATProto allows in did:web "
                    + "only for localhost");
        }
        return java.util.Optional.empty();
    }

    /** The DID document served at {@code /.well-known/did.json}, as a PDS account's. */
    public Map<String, Object> didDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@context", List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"));
        document.put("id", did);
        document.put("alsoKnownAs", List.of("at://" + handle));
        document.put("verificationMethod", List.of(Map.of(
                "id", did + "#atproto",
                "type", "Multikey",
                "controller", did,
                "publicKeyMultibase", signingKey.encode())));
        document.put("service", List.of(
                Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer", "serviceEndpoint", publicUrl),
                Map.of("id", "#atcr_hold", "type", "AtcrHoldService", "serviceEndpoint", publicUrl)));
        return document;
    }
}

package io.atcr.hold.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.atcr.hold.identity.KeyAlgorithm;
import io.atcr.hold.identity.Multikey;
import io.atcr.hold.xrpc.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Identities for tests: a loopback HTTP server standing in for the PLC directory (serving {@code /DID}) and one
 * loopback {@code did:web} host per web user, with keys made in the test. Point a hold at it with
 * {@link TestHold.Builder#identities}; mint tokens with {@link User#token} or {@link User#bearer}.
 */
public final class TestIdentities implements AutoCloseable {
    private final Clock clock;
    private final HttpServer plc;
    private final List<HttpServer> webHosts = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestIdentities(Clock clock) {
        this.clock = clock;
        this.plc = server();
        plc.createContext("/", exchange -> serve(exchange, exchange.getRequestURI().getPath().substring(1)));
        plc.start();
    }

    /** Starts the stand-in; tokens are dated by the system clock. */
    public static TestIdentities start() {
        return start(Clock.systemUTC());
    }

    /** Starts the stand-in; tokens are dated by {@code clock} (pass the hold's clock to move both together). */
    public static TestIdentities start(Clock clock) {
        return new TestIdentities(clock);
    }

    /** The value for {@code HOLD_PLC_DIRECTORY_URL}. */
    public String plcDirectoryUrl() {
        return "http://127.0.0.1:" + plc.getAddress().getPort();
    }

    /** A new {@code did:plc} user with a secp256k1 (ES256K) key. */
    public User newUser() {
        return register(new User(plcDid(), KeyAlgorithm.ES256K, clock));
    }

    /** A new {@code did:plc} user with a P-256 (ES256) key. */
    public User newP256User() {
        return register(new User(plcDid(), KeyAlgorithm.ES256, clock));
    }

    /** A new {@code did:web:localhost%3APORT} user (secp256k1), served by a loopback host of its own. */
    public User newWebUser() {
        HttpServer host = server();
        String did = "did:web:localhost%3A" + host.getAddress().getPort();
        host.createContext("/.well-known/did.json", exchange -> serve(exchange, did));
        host.start();
        webHosts.add(host);
        return register(new User(did, KeyAlgorithm.ES256K, clock));
    }

    /** How many times the document of {@code user} has been fetched. */
    public int fetches(User user) {
        return fetches.computeIfAbsent(user.did(), d -> new AtomicInteger()).get();
    }

    private User register(User user) {
        users.put(user.did(), user);
        return user;
    }

    private void serve(HttpExchange exchange, String did) throws IOException {
        try (exchange) {
            fetches.computeIfAbsent(did, d -> new AtomicInteger()).incrementAndGet();
            User user = users.get(did);
            if (user == null || user.document() == User.Document.UNKNOWN) {
                respond(exchange, 404, "{\"message\":\"DID not registered\"}".getBytes(), false);
                return;
            }
            switch (user.document()) {
                case STALLED -> {
                    awaitClose();
                    respond(exchange, 200, user.didDocument(), false);
                }
                case OVERSIZED -> respond(exchange, 200, oversized(user), true);
                case REDIRECTED -> {
                    // to the directory's copy of the same DID, which counts as a second fetch if followed
                    exchange.getResponseHeaders().set("Location", plcDirectoryUrl() + "/" + did);
                    respond(exchange, 302, new byte[0], false);
                }
                default -> respond(exchange, 200, user.didDocument(), false);
            }
        }
    }

    private static byte[] oversized(User user) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>(Json.MAPPER.readValue(user.didDocument(), Map.class));
        doc.put("alsoKnownAs", List.of("at://" + "x".repeat(200 * 1024)));
        return Json.MAPPER.writeValueAsBytes(doc);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, boolean chunked) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException clientGone) {
            // the hold stopped reading (a size cap or a timeout): that is what the test wants to see
        }
    }

    private void awaitClose() {
        try {
            closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpServer server() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String plcDid() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder did = new StringBuilder("did:plc:");
        for (int i = 0; i < 24; i++) {
            did.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return did.toString();
    }

    @Override
    public void close() {
        closing.countDown();
        plc.stop(0);
        webHosts.forEach(host -> host.stop(0));
        executor.shutdownNow();
    }

    /** A user of the stand-in: a DID, its current key, and how its document is served. */
    public static final class User {
        /** How the user's DID document is served. */
        public enum Document { SERVED, UNKNOWN, STALLED, OVERSIZED, REDIRECTED }

        private final String did;
        private final KeyAlgorithm algorithm;
        private final Clock clock;
        private volatile KeyPair key;
        private volatile Document document = Document.SERVED;

        User(String did, KeyAlgorithm algorithm, Clock clock) {
            this.did = did;
            this.algorithm = algorithm;
            this.clock = clock;
            this.key = TokenSigner.newKey(algorithm);
        }

        public String did() {
            return did;
        }

        public KeyAlgorithm algorithm() {
            return algorithm;
        }

        /** A valid token for {@code aud} and method {@code lxm} (left out when null), expiring in 60 s. */
        public String token(String aud, String lxm) {
            return token(claims(aud, lxm).build());
        }

        /** {@code "Bearer "} and a valid token for the test hold and {@code nsid}. */
        public String bearer(String nsid) {
            return "Bearer " + token(TestHold.HOLD_DID, nsid);
        }

        /** The claims {@link #token(String, String)} signs, to change before signing with {@link #token(JWTClaimsSet)}. */
        public JWTClaimsSet.Builder claims(String aud, String lxm) {
            Instant now = clock.instant();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(did).audience(aud)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
            return lxm == null ? claims : claims.claim("lxm", lxm);
        }

        /** {@code claims} signed by the user's current key, with a low-S signature. */
        public String token(JWTClaimsSet claims) {
            return TokenSigner.sign(algorithm, key, claims, false);
        }

        /** A token whose signature is valid but high-S, which ATProto refuses. */
        public String highSToken(String aud, String lxm) {
            return TokenSigner.sign(algorithm, key, claims(aud, lxm).build(), true);
        }

        /** A valid signature under a header {@code typ} other than a service token's ({@code at+jwt}, …). */
        public String typedToken(String type, String aud, String lxm) {
            return TokenSigner.sign(algorithm, key, claims(aud, lxm).build(), false, type);
        }

        /** A valid token whose signature text has a non-zero unused last bit: the same bytes, not canonical. */
        public String nonCanonicalToken(String aud, String lxm) {
            String token = token(aud, lxm);
            char last = token.charAt(token.length() - 1);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            return token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        }

        /** A token signed by a key that is not in the user's document. */
        public String tokenByOtherKey(String aud, String lxm) {
            return TokenSigner.sign(algorithm, TokenSigner.newKey(algorithm), claims(aud, lxm).build(), false);
        }

        /** An unsigned token ({@code alg: none}) with the user's claims. */
        public String unsignedToken(String aud, String lxm) {
            return new PlainJWT(claims(aud, lxm).build()).serialize();
        }

        /** Replaces the user's key: the document now shows the new key, and tokens are signed with it. */
        public void rotateKey() {
            key = TokenSigner.newKey(algorithm);
        }

        /** Changes how the document is served from now on. */
        public void serve(Document how) {
            document = how;
        }

        Document document() {
            return document;
        }

        /** The DID document as a PDS's directory would serve it, with the {@code #atproto} Multikey. */
        byte[] didDocument() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("@context", List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"));
            doc.put("id", did);
            doc.put("alsoKnownAs", List.of("at://" + did.substring(did.lastIndexOf(':') + 1) + ".test"));
            doc.put("verificationMethod", List.of(Map.of("id", did + "#atproto", "type", "Multikey", "controller", did,
                    "publicKeyMultibase", new Multikey(algorithm, (ECPublicKey) key.getPublic()).encode())));
            doc.put("service", List.of(Map.of("id", "#atproto_pds", "type", "AtprotoPersonalDataServer",
                    "serviceEndpoint", "https://pds.test")));
            try {
                return Json.MAPPER.writeValueAsBytes(doc);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package io.atcr.hold.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.atcr.hold.time.ClockTicker;
import io.atcr.hold.failure.Failure;
import java.math.BigInteger;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * Verifies ATProto service tokens ({@code com.atproto.server.getServiceAuth}): ES256K or ES256 with a low-S
 * {@code r||s} signature by the {@code #atproto} key of the issuer's DID document, {@code aud} this hold's DID,
 * {@code exp} not past (30 s of skew), {@code lxm} the called method when present. Thread-safe.
 *
 * <p>Every refusal is a 401 {@link Failure} whose message says what is wrong and never repeats the token.
 */
public final class ServiceTokenVerifier {
    /** How far the caller's clock may be off from ours. */
    public static final Duration SKEW = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration RESOLVE_DEADLINE = Duration.ofSeconds(4);
    /** How long a fetch may take on the network: past every waiter's deadline, which the hold's clock times. */
    static final Duration FETCH_BOUND = RESOLVE_DEADLINE.multipliedBy(2);

    static final long MAX_VERIFIED_TOKENS = 10_000;
    /** Header types of tokens that are not service tokens, as the reference verifier refuses them. */
    private static final java.util.Set<String> NOT_SERVICE_TOKENS = java.util.Set.of("at+jwt", "refresh+jwt", "dpop+jwt");

    /** What a repeat of an already verified token still needs checking against: its expiry and method. */
    private record Verified(String issuer, Instant expires, Object lxm) {
    }

    private final String holdDid;
    private final Clock clock;
    private final SigningKeys keys;
    private final Cache<String, Verified> verified;

    ServiceTokenVerifier(String holdDid, Clock clock, DidResolver resolver) {
        this.holdDid = holdDid;
        this.clock = clock;
        this.keys = new SigningKeys(resolver, clock, RESOLVE_DEADLINE);
        // Clients reuse a service token for its lifetime (a push is many calls): a repeat skips the signature check.
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAX_VERIFIED_TOKENS)
                .expireAfterWrite(SigningKeys.TTL)
                .ticker(new ClockTicker(clock))
                .build();
    }

    /**
     * A verifier for tokens addressed to {@code holdDid}, resolving {@code did:plc} at {@code plcDirectory}, and
     * {@code did:web} hosts on loopback or private addresses only when {@code allowPrivateWebHosts}.
     */
    public static ServiceTokenVerifier create(String holdDid, URI plcDirectory, boolean allowPrivateWebHosts, Clock clock) {
        return new ServiceTokenVerifier(holdDid, clock,
                new DidResolver(plcDirectory, CONNECT_TIMEOUT, FETCH_BOUND, allowPrivateWebHosts));
    }

    /**
     * Verifies {@code token} for a call of {@code nsid}. May resolve the issuer's DID document over the network (at
     * most twice, each bounded by {@link #RESOLVE_DEADLINE}); cached documents make repeat calls local. A token that
     * passed once is remembered: a repeat is checked for expiry and method, but its signature is not checked again.
     *
     * @return the caller, the token's issuer
     * @throws Failure 401 naming what is wrong with the token
     */
    public Caller verify(String token, String nsid) {
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            checkExpiry(known.expires());
            checkMethod(known.lxm(), nsid);
            return new Caller(known.issuer(), known.lxm() != null);
        }
        SignedJWT jwt = parse(token);
        KeyAlgorithm algorithm = algorithm(jwt.getHeader().getAlgorithm());
        checkType(jwt);
        JWTClaimsSet claims = claims(jwt);
        String issuer = issuer(claims);
        checkAudience(claims);
        checkTimes(claims);
        checkMethod(claims.getClaim("lxm"), nsid);
        checkSignatureForm(jwt, algorithm);
        checkSignature(jwt, algorithm, issuer);
        verified.put(token, new Verified(issuer, claims.getExpirationTime().toInstant(), claims.getClaim("lxm")));
        return new Caller(issuer, claims.getClaim("lxm") != null);
    }

    private static SignedJWT parse(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            // The parser's message may quote parts of the token: say what a token should be instead.
            throw refuse("BadJwt", "the service token is malformed: expected base64url header.payload.signature "
                    + "with a JSON header and claims");
        }
        if (jwt instanceof PlainJWT) {
            throw refuse("BadJwt", "the service token is unsigned (alg none); use a token signed by your PDS");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw refuse("BadJwt", "the service token must be a signed JWT (JWS), not an encrypted one");
        }
        return signed;
    }

    private static KeyAlgorithm algorithm(JWSAlgorithm alg) {
        return KeyAlgorithm.of(alg).orElseThrow(() -> refuse("BadJwt",
                "the service token's algorithm " + alg + " is not accepted; use ES256K or ES256"));
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refuse("BadJwt", "the service token's payload is not a JSON claims set");
        }
    }

    private static void checkType(SignedJWT jwt) {
        JOSEObjectType type = jwt.getHeader().getType();
        if (type != null && NOT_SERVICE_TOKENS.contains(type.getType().toLowerCase(java.util.Locale.ROOT))) {
            throw refuse("BadJwt", "the token is of type " + type + ", not a service token; ask your PDS for one "
                    + "with com.atproto.server.getServiceAuth");
        }
    }

    private static String issuer(JWTClaimsSet claims) {
        String iss = claims.getIssuer();
        if (iss == null || !Did.isResolvable(iss)) {
            throw refuse("BadJwtIssuer", "the service token's iss must be the caller's did:plc or did:web of a host, not "
                    + (iss == null ? "missing" : "a malformed DID"));
        }
        return iss;
    }

    private void checkAudience(JWTClaimsSet claims) {
        List<String> aud = claims.getAudience();
        String audience = aud.size() == 1 ? aud.get(0) : String.valueOf(aud);
        // A service audience may name the hold's service entry: did:web:hold#atcr_hold.
        if (!audience.equals(holdDid) && !audience.equals(holdDid + "#atcr_hold")) {
            throw refuse("BadJwtAudience", "the service token's audience is " + (aud.isEmpty() ? "missing" : audience)
                    + ", expected " + holdDid + "; ask your PDS for a token with aud=" + holdDid);
        }
    }

    private void checkTimes(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw refuse("BadJwt", "the service token has no exp; tokens must expire");
        }
        checkExpiry(exp.toInstant());
        Instant now = clock.instant();
        for (Date start : new Date[] {claims.getNotBeforeTime(), claims.getIssueTime()}) {
            if (start != null && start.toInstant().isAfter(now.plus(SKEW))) {
                throw refuse("BadJwt", "the service token is not valid before " + start.toInstant()
                        + ", more than " + SKEW.toSeconds() + " s ahead of this hold's clock");
            }
        }
    }

    private void checkExpiry(Instant exp) {
        if (exp.plus(SKEW).isBefore(clock.instant())) {
            throw refuse("JwtExpired", "the service token expired at " + exp + "; get a fresh one from your PDS");
        }
    }

    private static void checkMethod(Object lxm, String nsid) {
        if (lxm != null && !nsid.equals(lxm)) {
            throw refuse("BadJwtLexiconMethod", "the service token is for " + lxm + ", not " + nsid
                    + "; ask your PDS for a token with lxm=" + nsid);
        }
    }

    /**
     * Checks the signature's form before any key is fetched, so a forged token costs the hold no resolution: one
     * canonical unpadded base64url text of 64 bytes {@code r||s}, both in [1, n), s in the lower half.
     */
    private static void checkSignatureForm(SignedJWT jwt, KeyAlgorithm algorithm) {
        Base64URL text = jwt.getSignature();
        byte[] signature = text.decode();
        if (signature.length != 64) {
            throw refuse("BadJwtSignature", "the service token's signature must be 64 bytes (r||s), not " + signature.length);
        }
        if (!Base64URL.encode(signature).toString().equals(text.toString())) {
            throw refuse("BadJwtSignature", "the service token's signature is not canonical unpadded base64url");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(algorithm.order()) >= 0) {
            throw refuse("BadJwtSignature", "the service token's signature is not a valid ECDSA signature");
        }
        if (algorithm.isHighS(s)) {
            throw refuse("BadJwtSignature", "the service token's signature is high-S; ATProto accepts only low-S signatures");
        }
    }

    private void checkSignature(SignedJWT jwt, KeyAlgorithm algorithm, String issuer) {
        try {
            if (signedBy(jwt, algorithm, keys.get(issuer))
                    || keys.refresh(issuer).filter(key -> signedBy(jwt, algorithm, key)).isPresent()) {
                return;
            }
        } catch (DidResolutionException e) {
            throw refuse("BadJwtIssuer", "could not resolve the issuer's DID document; check that " + issuer
                    + " resolves and has an #atproto key, then try again in a minute");
        } catch (SigningKeys.Busy e) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "IdentityBusy", "the hold is resolving too many identities at once; try again shortly");
        }
        throw refuse("BadJwtSignature", "the service token's signature does not match the #atproto key of " + issuer);
    }

    private static boolean signedBy(SignedJWT jwt, KeyAlgorithm algorithm, SigningKeys.SigningKey key) {
        if (key.key().algorithm() != algorithm) {
            return false;
        }
        if (algorithm == KeyAlgorithm.ES256K && NativeSecp256k1.available()) {
            return NativeSecp256k1.verify(jwt.getSignature().decode(), jwt.getSigningInput(), key.compressed());
        }
        try {
            return jwt.verify(key.verifier());
        } catch (JOSEException e) {
            return false;
        }
    }

    private static Failure refuse(String error, String message) {
        return Failure.unauthorized(error, message);
    }
}

package io.atcr.hold.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The {@code #atproto} keys of callers' DIDs, resolved on first use and cached (bounded, a few minutes, timed by the
 * hold's clock). Concurrent lookups of one DID share one resolution. Thread-safe.
 */
final class SigningKeys {
    static final Duration TTL = Duration.ofMinutes(5);
    static final long MAX_ENTRIES = 10_000;

    /** A resolved key with its verifier, built once per document. */
    record SigningKey(Multikey key, ECDSAVerifier verifier) {
        static SigningKey of(Multikey key) {
            try {
                ECDSAVerifier verifier = new ECDSAVerifier(key.publicKey());
                verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                return new SigningKey(key, verifier);
            } catch (JOSEException e) {
                throw new DidResolutionException("the #atproto key cannot verify signatures: " + e.getMessage());
            }
        }
    }

    private final Cache<String, SigningKey> cache;
    private final Function<String, SigningKey> load;

    SigningKeys(DidResolver resolver, Clock clock) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(TTL)
                .ticker(ticker(clock))
                .build();
        this.load = did -> SigningKey.of(resolver.resolve(did).atprotoKey());
    }

    /** The cached key of {@code did}, resolving it when absent. @throws DidResolutionException */
    SigningKey get(String did) {
        return cache.get(did, load);
    }

    /** Resolves {@code did} again, replacing the cached key: after a signature failure, the key may have rotated. */
    SigningKey refresh(String did) {
        cache.invalidate(did);
        return cache.get(did, load);
    }

    /** Caffeine's time from the hold's clock, so tests that move the clock expire entries. */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}

package io.atcr.hold.identity;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import io.atcr.hold.time.ClockTicker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code #atproto} keys of callers' DIDs, resolved on first use and cached (bounded, a few minutes, timed by the
 * hold's clock). Resolution never stalls anyone else: concurrent lookups of one DID share one fetch, fetches are
 * asynchronous (no thread waits for a slow host; DNS lookups run on a small pool of their own) and outside any cache
 * lock, fetches in flight and the requests waiting for them are bounded (beyond that a new lookup is refused at once
 * as busy), a failure is remembered for a minute, and a key is re-fetched after a bad signature at most once a
 * minute per DID. Thread-safe.
 */
final class SigningKeys {
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration REMEMBER_FAILURE = Duration.ofMinutes(1);
    static final Duration REFRESH_AT_MOST_EVERY = Duration.ofMinutes(1);
    static final long MAX_ENTRIES = 10_000;
    static final int MAX_FETCHES = 256;
    static final int LOOKUP_THREADS = 16;
    /** Requests that may wait for fetches at once; well below the server's threads, so others are always served. */
    static final int MAX_WAITING = 96;
    private static final long RECHECK_MILLIS = 50;

    /** Too many lookups are in flight: the caller may try again shortly. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("too many DID documents are being fetched at once");
        }
    }

    /** A resolved key with its verifier and compressed point, built once per document. */
    record SigningKey(Multikey key, ECDSAVerifier verifier, byte[] compressed) {
        static SigningKey of(Multikey key) {
            try {
                ECDSAVerifier verifier = new ECDSAVerifier(key.publicKey());
                verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                return new SigningKey(key, verifier, key.compressed());
            } catch (JOSEException e) {
                throw new DidResolutionException("the #atproto key cannot verify signatures: " + e.getMessage());
            }
        }
    }

    private final DidResolver resolver;
    private final Clock clock;
    private final Duration deadline;
    private final AsyncCache<String, Lookup> keys;
    private final Cache<String, DidResolutionException> failures;
    private final Cache<String, Boolean> refreshed;
    private final Executor lookups;
    private final Semaphore fetches = new Semaphore(MAX_FETCHES);
    private final Semaphore waiting = new Semaphore(MAX_WAITING);

    SigningKeys(DidResolver resolver, Clock clock, Duration deadline) {
        this.resolver = resolver;
        this.clock = clock;
        this.deadline = deadline;
        Ticker ticker = new ClockTicker(clock);
        this.keys = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(TTL).ticker(ticker).buildAsync();
        this.failures = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(REMEMBER_FAILURE).ticker(ticker).build();
        this.refreshed = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(REFRESH_AT_MOST_EVERY).ticker(ticker).build();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_FETCHES), r -> {
                    Thread t = new Thread(r, "did-lookup");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.lookups = pool;
    }

    /**
     * The key of {@code did}, from the cache or fetched (waiting at most the resolution deadline).
     *
     * @throws DidResolutionException when it cannot be resolved (remembered for a minute)
     * @throws Busy when too many fetches are in flight; nothing is remembered
     */
    SigningKey get(String did) {
        DidResolutionException failed = failures.getIfPresent(did);
        if (failed != null) {
            throw failed;
        }
        CompletableFuture<Lookup> lookup = keys.get(did, (d, unused) -> fetch(d));
        Lookup result = lookup.isDone() ? lookup.join() : await(did, lookup);
        if (result.failure() != null) {
            keys.asMap().remove(did, lookup); // the failure is remembered apart, for a minute
            throw result.failure();
        }
        return result.key();
    }

    private Lookup await(String did, CompletableFuture<Lookup> lookup) {
        if (!waiting.tryAcquire()) {
            throw new Busy();
        }
        // The deadline is the hold's clock's (tests move it); the fetch itself is cut by the network's own bound.
        java.time.Instant giveUp = clock.instant().plus(deadline);
        try {
            while (true) {
                try {
                    return lookup.get(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!clock.instant().isBefore(giveUp)) {
                        throw new DidResolutionException("resolving " + did + " took longer than " + deadline.toSeconds() + " s");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DidResolutionException("interrupted while resolving " + did);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } finally {
            waiting.release();
        }
    }

    /**
     * After a signature failure: the key of {@code did} fetched anew, since it may have rotated; empty when it was
     * fetched anew less than a minute ago, so that bad tokens cannot make the hold fetch a document again and again.
     */
    Optional<SigningKey> refresh(String did) {
        if (refreshed.asMap().putIfAbsent(did, Boolean.TRUE) != null) {
            return Optional.empty();
        }
        keys.synchronous().invalidate(did);
        return Optional.of(get(did));
    }

    /**
     * Fetches the key. The future never fails: a failure is its value, because a cache that sees a failed load logs
     * it with a stack trace, and an unresolvable DID is one line a minute (each failure is remembered that long).
     */
    private CompletableFuture<Lookup> fetch(String did) {
        if (!fetches.tryAcquire()) {
            return CompletableFuture.completedFuture(new Lookup(null, new Busy()));
        }
        CompletableFuture<DidDocument> document;
        try {
            document = resolver.resolve(did, lookups);
        } catch (RuntimeException e) { // a refused lookup task, or a did:plc URL that cannot be built
            document = CompletableFuture.failedFuture(e instanceof RejectedExecutionException ? new Busy() : e);
        }
        return document.thenApply(found -> new Lookup(SigningKey.of(found.atprotoKey()), null))
                .exceptionally(error -> new Lookup(null, unwrap(error)))
                .whenComplete((lookup, unexpected) -> {
                    fetches.release();
                    if (lookup != null && lookup.failure() instanceof DidResolutionException failure) {
                        log.info("could not resolve {}: {}", did, failure.getMessage());
                        failures.put(did, failure);
                    }
                });
    }

    /** A fetched key, or why there is none. */
    private record Lookup(SigningKey key, RuntimeException failure) {
    }

    private static RuntimeException unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RuntimeException runtime ? runtime : new DidResolutionException(String.valueOf(cause));
    }
}

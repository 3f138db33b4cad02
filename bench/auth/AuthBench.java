import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Throughput of a verified method against {@code _health} on the same hold, same client, same concurrency, over
 * loopback. The verified method is {@code io.atcr.hold.requestCrew} by a member (answer {@code already_member}), the
 * caller's DID document cached, in two ways: a fresh ES256K token on every request (each one fully verified: parse,
 * claims, low-S, signature), and one token reused, as a client does for the token's lifetime (verified once, then
 * checked for expiry and method).
 *
 * <p>Run with {@code bench/auth/run.sh [concurrency] [seconds per round] [rounds]}.
 */
public final class AuthBench {
    private static final String NSID = "io.atcr.hold.requestCrew";
    private static final int TOKENS = 40_000; // each used once in the fresh-token rounds (a warning if they run out)

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (TestIdentities ids = TestIdentities.start();
             TestHold hold = TestHold.builder().identities(ids).env("HOLD_ALLOW_ALL_CREW", "true").start()) {
            TestIdentities.User user = ids.newUser();
            // Distinct tokens, so nothing but the verifier could make a repeat cheap; valid for the whole run.
            Date expires = Date.from(Instant.now().plus(Duration.ofMinutes(30)));
            List<String> tokens = IntStream.range(0, TOKENS).parallel().mapToObj(i -> "Bearer " + user.token(
                    user.claims(TestHold.HOLD_DID, NSID).jwtID("bench-" + i).expirationTime(expires).build())).toList();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = hold.baseUrl();
            check(client.send(verified(base, tokens.get(0)), HttpResponse.BodyHandlers.ofString()), "created");
            check(client.send(verified(base, tokens.get(1)), HttpResponse.BodyHandlers.ofString()), "already_member");
            AtomicInteger next = new AtomicInteger();
            System.out.printf("hold %s, %d client threads, %d s per round, %d rounds (after a %d s warm-up of each)%n",
                    base, concurrency, seconds, rounds, seconds);
            run(client, concurrency, seconds, () -> HttpRequest.newBuilder(URI.create(base + "/xrpc/_health")).build());
            run(client, concurrency, seconds, () -> verified(base, tokens.get(Math.floorMod(next.getAndIncrement(), TOKENS))));
            System.out.println("warmed up; measuring");
            List<Double> health = new ArrayList<>();
            List<Double> fresh = new ArrayList<>();
            List<Double> reused = new ArrayList<>();
            String reusedToken = tokens.get(0);
            for (int r = 0; r < rounds; r++) {
                health.add(run(client, concurrency, seconds, () -> HttpRequest.newBuilder(URI.create(base + "/xrpc/_health")).build()));
                fresh.add(run(client, concurrency, seconds, () -> verified(base, tokens.get(Math.floorMod(next.getAndIncrement(), TOKENS)))));
                reused.add(run(client, concurrency, seconds, () -> verified(base, reusedToken)));
                System.out.printf("round %d: _health %.0f req/s, verified (fresh token each request) %.0f req/s, "
                        + "verified (token reused) %.0f req/s%n", r + 1, health.get(r), fresh.get(r), reused.get(r));
            }
            double h = median(health);
            System.out.printf("median: _health %.0f req/s%n", h);
            System.out.printf("median: verified, fresh token each request %.0f req/s, ratio %.2f%n", median(fresh), median(fresh) / h);
            System.out.printf("median: verified, token reused           %.0f req/s, ratio %.2f (goal >= 0.50)%n",
                    median(reused), median(reused) / h);
            System.out.printf("DID document fetches during the run: %d%n", ids.fetches(user));
            if (next.get() > TOKENS) {
                System.out.printf("warning: %d fresh-token requests but only %d tokens; some were repeats%n", next.get(), TOKENS);
            }
        }
    }

    private static HttpRequest verified(String base, String bearer) {
        return HttpRequest.newBuilder(URI.create(base + "/xrpc/" + NSID)).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    private static void check(HttpResponse<String> response, String status) {
        if (response.statusCode() != 200 || !response.body().contains(status)) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + " " + response.body());
        }
    }

    /** Requests per second over {@code seconds}, {@code concurrency} threads sending back to back; any non-200 stops the run. */
    private static double run(HttpClient client, int concurrency, int seconds, java.util.function.Supplier<HttpRequest> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    HttpResponse<String> response = client.send(request.get(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                    done.increment();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return done.sum() / elapsed;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

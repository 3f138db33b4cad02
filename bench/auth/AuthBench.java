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
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Throughput of a verified method against {@code _health} on the same hold, same client, same concurrency, over
 * loopback. The verified method is {@code io.atcr.hold.requestCrew} by a member (answer {@code already_member}), the
 * caller's DID document cached, in two ways: a fresh ES256K token on every request (each one fully verified: parse,
 * claims, low-S, signature), and one token reused, as a client does for the token's lifetime (verified once, then
 * checked for expiry and method).
 *
 * <p>Run with {@code bench/auth/run.sh [concurrency] [slices]}: the modes take turns in 1 s slices, so that a
 * change in the machine's load falls on all of them alike.
 */
public final class AuthBench {
    private static final String NSID = "io.atcr.hold.requestCrew";
    private static final int TOKENS = 150_000; // each used once in the fresh-token rounds (a warning if they run out)

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (TestIdentities ids = TestIdentities.start();
             TestHold hold = TestHold.builder().identities(ids).env("HOLD_ALLOW_ALL_CREW", "true").start()) {
            TestIdentities.User user = ids.newUser();
            // Distinct tokens, so that nothing but a full verification can answer them; valid for the whole run.
            Date expires = Date.from(Instant.now().plus(Duration.ofMinutes(30)));
            List<String> tokens = IntStream.range(0, TOKENS).parallel().mapToObj(i -> "Bearer " + user.token(
                    user.claims(TestHold.HOLD_DID, NSID).jwtID("bench-" + i).expirationTime(expires).build())).toList();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = hold.baseUrl();
            check(client.send(verified(base, tokens.get(0)), HttpResponse.BodyHandlers.ofString()), "created");
            check(client.send(verified(base, tokens.get(1)), HttpResponse.BodyHandlers.ofString()), "already_member");
            AtomicInteger next = new AtomicInteger(2);
            String reusedToken = tokens.get(0);
            List<Mode> modes = List.of(
                    new Mode("_health", () -> HttpRequest.newBuilder(URI.create(base + "/xrpc/_health")).build()),
                    new Mode("verified, fresh token each request", () -> verified(base, tokens.get(Math.floorMod(next.getAndIncrement(), TOKENS)))),
                    new Mode("verified, one token reused", () -> verified(base, reusedToken)));
            System.out.printf("hold %s, %d client threads; %d interleaved 1 s slices per mode after a 3 s warm-up%n",
                    base, concurrency, slices);
            for (Mode mode : modes) {
                run(client, concurrency, Duration.ofSeconds(3), mode.request());
            }
            for (int i = 0; i < slices; i++) {
                for (Mode mode : modes) {
                    long start = System.nanoTime();
                    mode.requests += run(client, concurrency, Duration.ofSeconds(1), mode.request());
                    mode.nanos += System.nanoTime() - start;
                }
            }
            double health = modes.get(0).rate();
            for (Mode mode : modes) {
                System.out.printf("%-36s %7.0f req/s   ratio to _health %.2f%n", mode.name, mode.rate(), mode.rate() / health);
            }
            System.out.printf("DID document fetches during the run: %d (goal: ratio >= 0.50)%n", ids.fetches(user));
            if (next.get() > TOKENS) {
                System.out.printf("warning: %d fresh-token requests but only %d tokens; some were repeats%n", next.get(), TOKENS);
            }
        }
    }

    /** One kind of request and what was measured of it. */
    private static final class Mode {
        final String name;
        final Supplier<HttpRequest> request;
        long requests;
        long nanos;

        Mode(String name, Supplier<HttpRequest> request) {
            this.name = name;
            this.request = request;
        }

        Supplier<HttpRequest> request() {
            return request;
        }

        double rate() {
            return requests / (nanos / 1e9);
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

    /** How many requests {@code concurrency} threads complete back to back within {@code time}; any non-200 stops the run. */
    private static long run(HttpClient client, int concurrency, Duration time, Supplier<HttpRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + time.toNanos();
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
        pool.shutdown();
        return done.sum();
    }
}

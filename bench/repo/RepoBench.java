import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.FirehoseClient;
import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.MutableClock;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The repository's costs on this machine, each measured once after a warm-up:
 * <ul>
 *   <li>commits per second for crew changes (a new member, each its own signed commit) and for pushes of 200 layers
 *       (one commit of 201 records: the layers and the stats);</li>
 *   <li>getRepo of a repository of RECORDS layer records, served by a hold process under -Xmx128m: time, bytes, and
 *       the process's peak resident memory;</li>
 *   <li>firehose fan-out: 50 WebSocket consumers of the same process, 100 crew changes: events delivered per second
 *       and the commit-to-last-consumer delay.</li>
 * </ul>
 */
public final class RepoBench {
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("repo-bench");
        // One clock for the tokens and the in-process hold (whose test clock stands still), set to real time again for
        // the hold process, which runs on the system clock.
        MutableClock clock = MutableClock.atRealTime();
        try (TestIdentities ids = TestIdentities.start(clock)) {
            Map<String, String> env;
            try (TestHold hold = TestHold.builder().identities(ids).clock(clock)
                    .env("HOLD_DATABASE_DIR", dir.resolve("data").toString()).start()) {
                env = hold.env();
                crewCommits(hold, ids);
                pushCommits(hold, ids, records);
            }
            clock.set(java.time.Instant.now());
            long starting = System.nanoTime();
            try (HoldProcess process = HoldProcess.start(dir, childEnv(env), "-Xmx128m")) {
                System.out.printf("a hold process under -Xmx128m started on that repository in %.2f s%n",
                        (System.nanoTime() - starting) / 1e9);
                getRepo(process);
                fanOut(process, ids);
            }
        }
    }

    private static Map<String, String> childEnv(Map<String, String> env) {
        Map<String, String> child = new java.util.HashMap<>(env);
        child.remove("HOLD_SERVER_ADDR");
        child.put("HOLD_ALLOW_ALL_CREW", "true");
        return child;
    }

    private static void crewCommits(TestHold hold, TestIdentities ids) {
        int n = 500;
        List<String> dids = new ArrayList<>();
        for (int i = 0; i < n + 50; i++) {
            dids.add(ids.newUser().did());
        }
        for (int i = 0; i < 50; i++) {
            hold.hold().crew().save(dids.get(i), "write", List.of("blob:read", "blob:write"), null, false); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 50; i < n + 50; i++) {
            hold.hold().crew().save(dids.get(i), "write", List.of("blob:read", "blob:write"), null, false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("crew changes: %d commits in %.2f s, %.0f commits/s%n", n, seconds, n / seconds);
    }

    private static void pushCommits(TestHold hold, TestIdentities ids, int records) {
        TestIdentities.User user = ids.newUser();
        hold.addCrew(user.did());
        Blobs blobs = new Blobs(hold, user);
        Pushes pushes = new Pushes(hold, blobs);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            layers.add(pushes.layer(16, 7_000 + i));
        }
        int total = Math.max(10, records / 200);
        long start = 0;
        for (int i = 0; i < total; i++) {
            if (i == 10) {
                start = System.nanoTime(); // after a warm-up of 10 pushes
            }
            var answer = pushes.push("bench", Pushes.manifestDigest("bench" + i), Pushes.image(null, layers));
            if (answer.status() != 200) {
                throw new IllegalStateException("push " + i + " answered " + answer.status() + ": " + answer.body());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("200-layer pushes over HTTP: %d commits in %.2f s, %.1f commits/s (%.0f records/s); %d layer records%n",
                total - 10, seconds, (total - 10) / seconds, (total - 10) * 201 / seconds, total * 200);
    }

    private static void getRepo(HoldProcess process) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(process.baseUrl() + "/xrpc/com.atproto.sync.getRepo?did=" + TestHold.HOLD_DID);
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()); // warm-up
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = response.body().transferTo(java.io.OutputStream.nullOutputStream());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("getRepo under -Xmx128m: %d bytes in %.2f s (%.1f MB/s), status %d; hold process peak RSS %s%n",
                bytes, seconds, bytes / seconds / 1e6, response.statusCode(), peakRss(process.process().pid()));
    }

    private static void fanOut(HoldProcess process, TestIdentities ids) throws Exception {
        List<FirehoseClient> consumers = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < 50; i++) {
                consumers.add(FirehoseClient.connectTo(process.baseUrl(), ""));
            }
            int changes = 100;
            List<TestIdentities.User> users = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                users.add(ids.newUser());
            }
            long worst = 0;
            long start = System.nanoTime();
            for (TestIdentities.User user : users) {
                long sent = System.nanoTime();
                HttpResponse<String> joined = http.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + "/xrpc/io.atcr.hold.requestCrew"))
                        .header("Content-Type", "application/json").header("Authorization", user.bearer("io.atcr.hold.requestCrew"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                if (joined.statusCode() != 200) {
                    throw new IllegalStateException(joined.body());
                }
                for (FirehoseClient consumer : consumers) {
                    consumer.next();
                }
                worst = Math.max(worst, System.nanoTime() - sent);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("firehose fan-out: %d commits to 50 consumers in %.2f s: %.0f events delivered/s; "
                    + "slowest change from request to the 50th consumer %.1f ms%n", changes, seconds, changes * 50 / seconds, worst / 1e6);
        } finally {
            consumers.forEach(FirehoseClient::close);
        }
    }

    private static String peakRss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .findFirst().map(l -> l.replaceAll("\\s+", " ").substring(6)).orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TcpRelay;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The S3 driver's figures against the embedded S3 server (s3proxy over a local folder), from bench/storage/run.sh
 * --driver s3: the bytes the hold receives per byte uploaded, what verifying a 1 GiB blob costs a completion next to
 * reading the object with curl of a presigned URL, and getBlob redirects per second. The parts are PUT with curl to
 * the bucket's presigned URLs, as an AppView does; the hold's traffic is counted by a relay in front of it.
 */
public class S3Bench {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public static void main(String[] argv) throws Exception {
        Path work = Path.of(argv[0]);
        List<Path> parts = Files.list(work.resolve("parts")).sorted().toList();
        String digest = argv[1];
        long size = Files.size(work.resolve("blob.bin"));
        System.out.printf("blob: %,d bytes in %d parts of %d MiB; S3 server: s3proxy (filesystem) on loopback%n",
                size, parts.size(), Files.size(parts.get(0)) >> 20);
        try (TestIdentities ids = TestIdentities.start()) {
            double verified = complete(ids, parts, digest, size, true);
            double unverified = complete(ids, parts, digest, size, false);
            System.out.printf("completeUpload of 1 GiB: %.2f s with S3_VERIFY_DIGEST=true, %.2f s without (both include"
                    + " the bucket's join and copy)%n", verified, unverified);
            for (String line : Files.readAllLines(work.resolve("hold.log"))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) bytes verified in (\\d+) ms \\((S3_VERIFY_DIGEST|not verified)\\).* in (\\d+) ms").matcher(line);
                if (m.find()) {
                    long ms = Long.parseLong(m.group(2));
                    System.out.printf("  the hold's own log: %s in %d ms%s, the copy in %s ms%n", m.group(3), ms,
                            ms > 0 ? String.format(" (%.0f MB/s)", Long.parseLong(m.group(1)) / 1e3 / ms) : "", m.group(4));
                }
            }
        }
    }

    /** One upload on a fresh hold and bucket; answers completeUpload's seconds, and prints the rest on the first. */
    private static double complete(TestIdentities ids, List<Path> parts, String digest, long size, boolean verify) throws Exception {
        TestHold hold = Storage.S3.configure(TestHold.builder().identities(ids)
                .env("S3_VERIFY_DIGEST", String.valueOf(verify))).start();
        try (TcpRelay front = TcpRelay.to(hold.serverUri())) {
            hold.routeThrough(front);
            TestIdentities.User user = ids.newUser();
            hold.addCrew(user.did());
            Blobs blobs = new Blobs(hold, user);
            String uploadId = blobs.initiate(digest);
            List<Map<String, Object>> done = new ArrayList<>();
            long putStart = System.nanoTime();
            for (int n = 1; n <= parts.size(); n++) {
                String url = blobs.partUrl(uploadId, n).json().path("url").asText();
                done.add(Blobs.part(n, etagOf(curl("-s", "-D", "-", "-o", "/dev/null", "-X", "PUT", "-T",
                        parts.get(n - 1).toString(), url))));
            }
            double putSeconds = (System.nanoTime() - putStart) / 1e9;
            long start = System.nanoTime();
            XrpcResponse completed = blobs.complete(uploadId, digest, done);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (completed.status() != 200) {
                throw new IllegalStateException("completeUpload: " + completed.body());
            }
            if (verify) {
                long received = front.bytesToTarget();
                System.out.printf("parts PUT to the bucket with curl: %.2f s (%.0f MB/s)%n", putSeconds, size / 1e6 / putSeconds);
                System.out.printf("bytes the hold received for the upload: %,d, %.6f per byte uploaded%n", received,
                        (double) received / size);
                String location = Blobs.fetchUnfollowed(hold, "GET", digest, "Authorization", user.bearer(Blobs.GET_BLOB))
                        .header("Location");
                String[] read = curl("-s", "-o", "/dev/null", "-w", "%{size_download} %{time_total}", location).trim().split(" ");
                System.out.printf("curl of the presigned GET: %,d bytes in %s s (%.0f MB/s)%n", Long.parseLong(read[0]),
                        read[1], Long.parseLong(read[0]) / 1e6 / Double.parseDouble(read[1]));
                System.out.printf("bytes the hold received for the download: %,d%n", front.bytesToTarget() - received);
                redirects(hold, user, digest);
            }
            return seconds;
        } finally {
            hold.close();
        }
    }

    /** getBlob (no redirect followed) from 8 threads for 10 s, each with one token, as registry clients reuse theirs. */
    private static void redirects(TestHold hold, TestIdentities.User user, String digest) throws Exception {
        String token = user.bearer(Blobs.GET_BLOB);
        URI uri = URI.create(hold.serverUri() + Blobs.blobPath(digest));
        AtomicLong count = new AtomicLong();
        long until = System.nanoTime() + 10_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", token).GET().build();
                while (System.nanoTime() < until) {
                    try {
                        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 307) {
                            count.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("getBlob redirects: %,.0f/s (8 clients, 10 s; each a HeadObject and a presign)%n", count.get() / 10.0);
    }

    private static String etagOf(String headers) {
        return headers.lines().filter(l -> l.toLowerCase().startsWith("etag:")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ETag in " + headers)).substring(5).trim().replace("\"", "");
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--fail-with-body"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl failed: " + out);
        }
        return out;
    }
}

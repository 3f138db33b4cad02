package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.HoldProcess;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No request leaves server-side session state: a flood of WebSocket handshakes (valid, refused, on any path) against
 * a hold with a small heap gets no cookie, and afterwards the heap holds no session.
 */
class NoSessionStateTest {
    private static final int HANDSHAKES = 2_000;
    private static final List<String> PATHS = List.of("/xrpc/com.atproto.sync.subscribeRepos", "/xrpc/_health",
            "/xrpc/io.atcr.hold.listTiers", "/nowhere");

    @TempDir
    Path dir;

    @Test
    void aFloodOfHandshakesGetsNoCookieAndLeavesNoSession() throws Exception {
        try (HoldProcess hold = HoldProcess.start(dir, Map.of(), "-Xmx64m")) {
            HttpClient http = HttpClient.newHttpClient();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> cookies = new ArrayList<>();
            try {
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    cookies.add(pool.submit(() -> flood(http, hold, thread)));
                }
                for (Future<Integer> sent : cookies) {
                    assertEquals(0, sent.get(), "responses that set a cookie");
                }
            } finally {
                pool.shutdown();
            }
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(hold.baseUrl() + "/xrpc/_health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            // A connection may keep its last request's throwaway session; none outlives that, so none piles up.
            assertTrue(liveSessions(hold.process().pid()) <= 8, "sessions alive on the heap after " + HANDSHAKES + " handshakes");
            assertFalse(hold.log().contains("OutOfMemoryError"), hold.log());
        }
    }

    /** Sends a share of the handshakes, each version the hold might see; answers how many answers set a cookie. */
    private static int flood(HttpClient http, HoldProcess hold, int thread) throws Exception {
        int withCookie = 0;
        for (int i = thread; i < HANDSHAKES; i += 4) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(hold.baseUrl() + PATHS.get(i % PATHS.size())))
                    .header("Sec-WebSocket-Version", i % 3 == 0 ? "12" : "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.headers().firstValue("Set-Cookie").isPresent()) {
                withCookie++;
            }
        }
        return withCookie;
    }

    /** Jetty sessions alive on the hold's heap after a full collection, counted by the JDK's own jcmd. */
    private static long liveSessions(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process histogram = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = histogram.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(histogram.waitFor(60, TimeUnit.SECONDS));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("java.lang.String"), "jcmd answered a histogram:\n" + text);
        Matcher session = Pattern.compile("\\s(\\d+)\\s+\\d+\\s+org\\.eclipse\\.jetty\\.session\\.ManagedSession\\b").matcher(text);
        return session.find() ? Long.parseLong(session.group(1)) : 0;
    }
}

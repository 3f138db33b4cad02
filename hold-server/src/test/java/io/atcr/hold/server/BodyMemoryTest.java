package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.cli.Main;
import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies cost bounded memory, and a caller who may not call a method is refused before a byte is read. */
class BodyMemoryTest {
    private static final String NOTIFY = "io.atcr.hold.notifyManifest";
    private static final String INITIATE = "io.atcr.hold.initiateUpload";

    @TempDir
    Path dir;

    @Test
    void aStrangerIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (TestIdentities ids = TestIdentities.start(); TestHold hold = TestHold.builder().identities(ids).start();
             Socket socket = new Socket("127.0.0.1", URI.create(hold.baseUrl()).getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /xrpc/" + NOTIFY + " HTTP/1.1\r\nHost: hold.test\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000\r\nAuthorization: " + ids.newUser().bearer(NOTIFY) + "\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 403 Forbidden", status, "the hold waited for a body it must not read");
        }
    }

    @Test
    void aFloodOfLargeBodiesUnder128MiBGets4xxOr503AndOthersAreServed() throws Exception {
        try (TestIdentities ids = TestIdentities.start()) {
            Files.writeString(dir.resolve("quotas.yaml"), Quotas.EXAMPLE);
            Map<String, String> env = Map.of("HOLD_PUBLIC_URL", TestHold.PUBLIC_URL, "HOLD_QUOTAS_PATH",
                    dir.resolve("quotas.yaml").toString(), "HOLD_PLC_DIRECTORY_URL", ids.plcDirectoryUrl(),
                    "HOLD_DATABASE_DIR", dir.resolve("data").toString());
            TestIdentities.User crew = ids.newUser();
            TestIdentities.User bystander = ids.newUser();
            for (TestIdentities.User user : List.of(crew, bystander)) {
                assertEquals(0, Main.run(List.of("crew", "add", user.did()), env, Clock.systemUTC(),
                        new PrintStream(new ByteArrayOutputStream()), System.err));
            }
            try (HoldProcess process = HoldProcess.start(dir, env, "-Xmx128m")) {
                HttpClient http = HttpClient.newHttpClient();
                byte[] small = ("{\"digest\":\"sha256:" + "a".repeat(64) + "\"}").getBytes();
                assertEquals(200, post(http, process, INITIATE, small, bystander)); // a member the hold knows already
                byte[] big = bigManifest(crew.did());
                ExecutorService pool = Executors.newFixedThreadPool(60);
                List<CompletableFuture<Integer>> flood = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    TestIdentities.User sender = i % 2 == 0 ? crew : ids.newUser();
                    flood.add(CompletableFuture.supplyAsync(() -> post(http, process, NOTIFY, big, sender), pool));
                }
                List<Integer> others = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    others.add(post(http, process, INITIATE, small, bystander));
                }
                for (CompletableFuture<Integer> answer : flood) {
                    assertTrue(Set.of(400, 403, 413, 503).contains(answer.get()), "status " + answer.get());
                }
                pool.shutdown();
                assertEquals(List.of(200, 200, 200, 200, 200), others, "another user's requests failed during the flood");
                assertFalse(process.log().contains("OutOfMemoryError"), process.log());
            }
        }
    }

    private static int post(HttpClient http, HoldProcess process, String nsid, byte[] body, TestIdentities.User user) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(process.baseUrl() + "/xrpc/" + nsid))
                .header("Content-Type", "application/json").header("Authorization", user.bearer(nsid))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                System.out.println(nsid + " answered " + response.statusCode() + " " + response.body());
            }
            return response.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A notifyManifest body just under 1 MiB: thousands of layers, none stored. */
    private static byte[] bigManifest(String did) {
        StringBuilder layers = new StringBuilder();
        for (int i = 0; layers.length() < 1_000_000; i++) {
            layers.append(i == 0 ? "" : ",").append("{\"digest\":\"sha256:").append(String.format("%064x", i))
                    .append("\",\"size\":1,\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\"}");
        }
        return ("{\"repository\":\"app\",\"userDid\":\"" + did + "\",\"manifestDigest\":\"sha256:" + "b".repeat(64)
                + "\",\"manifest\":{\"layers\":[" + layers + "]}}").getBytes(StandardCharsets.UTF_8);
    }
}

package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.cli.Main;
import io.atcr.hold.testing.Quotas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as an operator runs it: a separate JVM that answers until SIGTERM, then shuts down cleanly. */
class ServeProcessTest {
    @TempDir
    Path dir;

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";

    private Process serve(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.atcr.hold.cli.Main", "serve"));
        builder.environment().put("HOLD_DATABASE_DIR", dir.resolve("data").toString());
        builder.environment().put("HOLD_QUOTAS_PATH", dir.resolve("quotas.yaml").toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
        return builder.start();
    }

    @Test
    void serveAnswersSeesCommandLineWritesAndStopsCleanlyOnSigterm() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("quotas.yaml"), Quotas.EXAMPLE);
        Process process = serve(Map.of("HOLD_SERVER_ADDR", "127.0.0.1:" + port));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/xrpc/_health")).build();
        int status = 0;
        for (int attempt = 0; attempt < 300 && status != 200; attempt++) {
            try {
                status = client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException notYetListening) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, status, Files.readString(dir.resolve("serve.log")));

        // The command line, in this JVM, writes to the database the serving process uses.
        Map<String, String> env = Map.of("HOLD_DATABASE_DIR", dir.resolve("data").toString(),
                "HOLD_QUOTAS_PATH", dir.resolve("quotas.yaml").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(List.of("crew", "add", ALICE, "--tier", "bosun"), env, Clock.systemUTC(),
                new PrintStream(out), new PrintStream(out)), out.toString());
        HttpRequest quota = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/xrpc/io.atcr.hold.getQuota?userDid=" + ALICE)).build();
        assertTrue(client.send(quota, HttpResponse.BodyHandlers.ofString()).body().contains("\"tier\":\"bosun\""));

        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "serve did not stop after SIGTERM");
        String log = Files.readString(dir.resolve("serve.log"));
        assertTrue(log.contains("shutting down"), log);
        assertTrue(!log.contains("Exception"), log);
    }

    @Test
    void aBadVariableStopsTheStartWithOneLine() throws Exception {
        Process process = serve(Map.of("HOLD_SERVER_ADDR", "localhost"));
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        List<String> lines = Files.readAllLines(dir.resolve("serve.log"));
        assertEquals(List.of("error: HOLD_SERVER_ADDR=localhost: expected host:port or :port, for example :8080"), lines);
    }
}

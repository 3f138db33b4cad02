package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.cli.Main;
import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.Quotas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as an operator runs it: a separate JVM that answers until SIGTERM, then shuts down cleanly. */
class ServeProcessTest {
    @TempDir
    Path dir;

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";

    @Test
    void serveAnswersSeesCommandLineWritesAndStopsCleanlyOnSigterm() throws Exception {
        Files.writeString(dir.resolve("quotas.yaml"), Quotas.EXAMPLE);
        Map<String, String> env = Map.of("HOLD_DATABASE_DIR", dir.resolve("data").toString(),
                "HOLD_QUOTAS_PATH", dir.resolve("quotas.yaml").toString(), "HOLD_APPVIEW_DID", "did:web:atcr.io");
        try (HoldProcess process = HoldProcess.start(dir, env)) {
            HttpClient client = HttpClient.newHttpClient();
            String start = process.log().lines().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
            assertTrue(start.contains("quotas on (3 tiers") && start.contains("billing off (")
                    && start.contains("storage filesystem at") && start.contains("AppView mode on (did:web:atcr.io sets tiers)"), start);
            assertTrue(process.log().contains("relays and AppViews will not index this hold: its host localhost is not a "
                    + "valid ATProto handle"), process.log());

            // The command line, in this JVM, writes to the database the serving process uses.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, Main.run(List.of("crew", "add", ALICE, "--tier", "bosun"), env, Clock.systemUTC(),
                    new PrintStream(out), new PrintStream(out)), out.toString());
            HttpRequest quota = HttpRequest.newBuilder(URI.create(process.baseUrl()
                    + "/xrpc/io.atcr.hold.getQuota?userDid=" + ALICE)).build();
            assertTrue(client.send(quota, HttpResponse.BodyHandlers.ofString()).body().contains("\"tier\":\"bosun\""));

            assertEquals(0, process.terminate(), process.log());
            String log = process.log();
            assertTrue(log.contains("shutting down"), log);
            assertFalse(log.contains("Exception"), log);
        }
    }

    @Test
    void aBadVariableStopsTheStartWithOneLine() {
        HoldProcess.Failed failed = HoldProcess.failToStart(dir, Map.of("HOLD_SERVER_ADDR", "localhost"));
        assertEquals(2, failed.code());
        assertEquals(List.of("error: HOLD_SERVER_ADDR=localhost: expected host:port or :port, for example :8080"), failed.lines());
    }

    @Test
    void withoutATierFileTheStartWarnsThatNobodyHasALimit() {
        try (HoldProcess process = HoldProcess.start(dir, Map.of())) {
            String log = process.log();
            assertTrue(log.contains("WARN") && log.contains("quotas and billing are off, and nobody has a limit"), log);
            assertTrue(log.contains("quotas off (no tier file at config/quotas.yaml)"), log);
        }
    }
}

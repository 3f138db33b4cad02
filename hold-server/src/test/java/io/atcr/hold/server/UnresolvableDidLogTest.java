package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token from a DID that does not resolve costs the log at most one line a minute for that DID, never a stack trace. */
class UnresolvableDidLogTest {
    @TempDir
    Path dir;

    @Test
    void threeTokensFromAnUnresolvableDidLogOneLine() throws Exception {
        try (TestIdentities ids = TestIdentities.start()) {
            TestIdentities.User stranger = ids.newUser();
            stranger.serve(TestIdentities.User.Document.UNKNOWN);
            try (HoldProcess hold = HoldProcess.start(dir, Map.of("HOLD_PUBLIC_URL", TestHold.PUBLIC_URL,
                    "HOLD_PLC_DIRECTORY_URL", ids.plcDirectoryUrl(), "HOLD_ALLOW_ALL_CREW", "true"))) {
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                                    URI.create(hold.baseUrl() + "/xrpc/io.atcr.hold.requestCrew"))
                            .header("Authorization", stranger.bearer("io.atcr.hold.requestCrew"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(401, refused.statusCode(), refused.body());
                }
                String log = hold.log();
                long mentions = log.lines().filter(line -> line.contains(stranger.did()) && !line.contains(" 401 ")).count();
                assertEquals(1, mentions, log);
                assertFalse(log.contains("\tat ") || log.contains("Exception"), log);
            }
        }
    }
}

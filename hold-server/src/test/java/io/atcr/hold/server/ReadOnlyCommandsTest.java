package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.TestHold;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Commands that only read commit nothing: run with a configuration that would change the captain record, they leave
 * the repository and the firehose as they were. Start-time commits happen in serve.
 */
class ReadOnlyCommandsTest {
    private static final Map<String, String> CHANGED = Map.of("HOLD_PUBLIC", "true", "HOLD_ALLOW_ALL_CREW", "true");

    @Test
    void configCheckCrewListDryRunsExportAndVerifyCommitNothing() {
        try (TestHold hold = TestHold.builder().start()) {
            String rev = latestRev(hold);
            long seq = hold.hold().events().latest();
            for (String[] command : new String[][] {{"config", "check"}, {"crew", "list"}, {"gc", "--dry-run"},
                    {"billing", "sync", "--dry-run"}, {"repo", "export", hold.dir().resolve("export.car").toString()}}) {
                TestHold.CommandResult result = hold.cliWith(CHANGED, command);
                assertEquals(command[0].equals("billing") ? 1 : 0, result.code(), String.join(" ", command) + ": " + result.err() + result.out());
                assertEquals(rev, latestRev(hold), String.join(" ", command) + " committed");
                assertEquals(seq, hold.hold().events().latest(), String.join(" ", command) + " wrote a firehose event");
            }
            assertEquals(0, hold.cli("repo", "verify").code());
            assertEquals(rev, latestRev(hold));
            assertEquals("false", hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                    + "&collection=io.atcr.hold.captain&rkey=self").json().path("value").path("public").asText());
        }
    }

    private static String latestRev(TestHold hold) {
        return hold.get("/xrpc/com.atproto.sync.getLatestCommit?did=" + TestHold.HOLD_DID).json().path("rev").asText();
    }
}

package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Who may download: blob:read on a private hold, anyone on a public one. */
class BlobAccessTest {
    @AutoClose
    private static final TestIdentities ids = TestIdentities.start();

    private static TestHold hold(boolean publicHold) {
        return TestHold.builder().identities(ids).env("HOLD_PUBLIC", String.valueOf(publicHold)).start();
    }

    @Test
    void privateHoldRefusesAnAnonymousDownload() {
        try (TestHold hold = hold(false)) {
            String digest = uploaded(hold, new byte[] {1, 2, 3});
            Blobs.Download answer = Blobs.fetch(hold, "GET", digest);
            assertEquals(401, answer.status());
            assertEquals("AuthRequired", answer.json().path("error").asText());
        }
    }

    @Test
    void privateHoldRefusesAUserWithoutBlobRead() {
        try (TestHold hold = hold(false)) {
            String digest = uploaded(hold, new byte[] {1, 2, 3});
            TestIdentities.User stranger = ids.newUser();
            Blobs.Download answer = new Blobs(hold, stranger).download(digest);
            assertEquals(403, answer.status());
            TestIdentities.User writer = ids.newUser();
            hold.cli("crew", "add", writer.did(), "--permissions", "blob:write");
            assertEquals(403, new Blobs(hold, writer).download(digest).status());
        }
    }

    @Test
    void privateHoldServesCrewWithBlobRead() {
        try (TestHold hold = hold(false)) {
            String digest = uploaded(hold, new byte[] {1, 2, 3});
            TestIdentities.User reader = ids.newUser();
            hold.cli("crew", "add", reader.did(), "--permissions", "blob:read");
            assertArrayEquals(new byte[] {1, 2, 3}, new Blobs(hold, reader).download(digest).body());
        }
    }

    @Test
    void publicHoldServesAnAnonymousDownload() {
        try (TestHold hold = hold(true)) {
            String digest = uploaded(hold, new byte[] {4, 5, 6});
            Blobs.Download answer = Blobs.fetch(hold, "GET", digest);
            assertEquals(200, answer.status());
            assertArrayEquals(new byte[] {4, 5, 6}, answer.body());
            assertEquals(401, Blobs.fetch(hold, "GET", digest, "Authorization", "Bearer not-a-token").status(),
                    "a bad token is refused even where none is needed");
        }
    }

    private static String uploaded(TestHold hold, byte[] bytes) {
        TestIdentities.User writer = ids.newUser();
        hold.cli("crew", "add", writer.did());
        return new Blobs(hold, writer).upload(bytes, 1024);
    }
}

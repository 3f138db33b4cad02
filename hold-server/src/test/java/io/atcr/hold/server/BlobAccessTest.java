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

    @Test
    void aBlobIsServedByItsDigestOrByTheCidOfItsBytes() {
        try (TestHold hold = hold(true)) {
            byte[] bytes = {7, 8, 9};
            String digest = uploaded(hold, bytes);
            byte[] cid = new byte[36];
            cid[0] = 0x01;
            cid[1] = 0x55; // raw
            cid[2] = 0x12; // sha2-256
            cid[3] = 32;
            System.arraycopy(java.util.HexFormat.of().parseHex(digest.substring("sha256:".length())), 0, cid, 4, 32);
            String bafkrei = "b" + base32(cid);
            assertEquals(true, bafkrei.startsWith("bafkrei"), bafkrei);
            Blobs.Download byCid = Blobs.fetch(hold, "GET", bafkrei);
            assertEquals(200, byCid.status());
            assertArrayEquals(bytes, byCid.body());
            cid[1] = 0x71; // the same digest as a dag-cbor CID names a record, not a blob
            String record = "b" + base32(cid);
            assertEquals(400, Blobs.fetch(hold, "GET", record).status());
        }
    }

    /** RFC 4648 base32, lowercase, unpadded, as multibase 'b' writes it; written here apart from the hold's own. */
    private static String base32(byte[] bytes) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private static String uploaded(TestHold hold, byte[] bytes) {
        TestIdentities.User writer = ids.newUser();
        hold.cli("crew", "add", writer.did());
        return new Blobs(hold, writer).upload(bytes, 1024);
    }
}

package io.atcr.hold.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atcr.hold.failure.Failure;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver joins parts the same way whether it hashed them on arrival (in order) or must hash them at the end. */
class FilesystemBlobStoreTest {
    /** No quota in these tests: any size may be joined. */
    private static final java.util.function.LongConsumer ANY_SIZE = size -> { };
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static FilesystemBlobStore store(Path dir) {
        return new FilesystemBlobStore(dir, PartUrlSigner.loadOrCreate(dir), "http://hold.test/xrpc/io.atcr.hold.uploadPart");
    }

    private static byte[] bytes(int size) {
        byte[] out = new byte[size];
        new Random(size).nextBytes(out);
        return out;
    }

    private static String digest(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] read(BlobStore store, String digest, int size) throws Exception {
        try (SeekableByteChannel in = store.open(digest)) {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // fill
            }
            return buffer.array();
        }
    }

    @Test
    void partsInOrderAndOutOfOrderMakeTheSameBlob(@TempDir Path a, @TempDir Path b) throws Exception {
        byte[] bytes = bytes(700_001);
        String digest = digest(bytes);
        int[][] ranges = {{0, 300_000}, {300_000, 600_000}, {600_000, 700_001}};
        for (int[] order : new int[][] {{0, 1, 2}, {2, 0, 1}}) {
            Path dir = order[0] == 0 ? a : b;
            try (FilesystemBlobStore store = store(dir)) {
                PendingUpload id = open(store, digest);
                String[] etags = new String[3];
                for (int i : order) {
                    etags[i] = store.writePart(id, i + 1, new ByteArrayInputStream(Arrays.copyOfRange(bytes, ranges[i][0], ranges[i][1])), Long.MAX_VALUE);
                }
                List<CompletedPart> parts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    parts.add(new CompletedPart(i + 1, etags[i]));
                }
                assertEquals(bytes.length, store.complete(id, parts, ANY_SIZE).size());
                assertArrayEquals(bytes, read(store, digest, bytes.length));
            }
        }
    }

    @Test
    void aPartSentAgainAfterLaterPartsIsHashedAfresh(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(200_000);
        String digest = digest(bytes);
        try (FilesystemBlobStore store = store(dir)) {
            PendingUpload id = open(store, digest);
            store.writePart(id, 1, new ByteArrayInputStream(new byte[100_000]), Long.MAX_VALUE);
            String second = store.writePart(id, 2, new ByteArrayInputStream(Arrays.copyOfRange(bytes, 100_000, 200_000)), Long.MAX_VALUE);
            String first = store.writePart(id, 1, new ByteArrayInputStream(Arrays.copyOfRange(bytes, 0, 100_000)), Long.MAX_VALUE);
            store.complete(id, List.of(new CompletedPart(1, first), new CompletedPart(2, second)), ANY_SIZE);
            assertArrayEquals(bytes, read(store, digest, bytes.length));
        }
    }

    @Test
    void aWrongDigestInTheChainIsRefusedWithoutCopying(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(50_000);
        try (FilesystemBlobStore store = store(dir)) {
            String claimed = digest(bytes(50_001));
            PendingUpload id = open(store, claimed);
            String first = store.writePart(id, 1, new ByteArrayInputStream(Arrays.copyOfRange(bytes, 0, 20_000)), Long.MAX_VALUE);
            String second = store.writePart(id, 2, new ByteArrayInputStream(Arrays.copyOfRange(bytes, 20_000, 50_000)), Long.MAX_VALUE);
            Failure e = assertThrows(Failure.class,
                    () -> store.complete(id, List.of(new CompletedPart(1, first), new CompletedPart(2, second)), ANY_SIZE));
            assertEquals("InvalidDigest", e.error());
            assertEquals(true, store.stat(claimed).isEmpty());
            assertEquals(false, store.holds(id));
        }
    }

    @Test
    void onlyLeftoversNoSessionNamesAndOlderThanTheCutOffAreRemoved(@TempDir Path dir) {
        try (FilesystemBlobStore store = store(dir)) {
            PendingUpload id = open(store, "sha256:" + "0".repeat(64));
            java.time.Instant later = java.time.Instant.now().plusSeconds(3600);
            assertEquals(0, store.removeLeftovers(later, uploadId -> true), "an upload in progress stays");
            assertEquals(0, store.removeLeftovers(java.time.Instant.now().minusSeconds(3600), uploadId -> false),
                    "a leftover younger than the cut-off stays");
            assertEquals(true, store.holds(id));
            assertEquals(1, store.removeLeftovers(later, uploadId -> false));
            assertEquals(false, store.holds(id));
        }
    }

    private static PendingUpload open(BlobStore store, String digest) {
        return store.openUpload(PendingUpload.starting(UploadIds.newId(), digest, "did:plc:x", CLOCK.instant()));
    }

    private static String put(BlobStore store, PendingUpload id, int partNumber, byte[] bytes, int from, int to) {
        return store.writePart(id, partNumber, new ByteArrayInputStream(Arrays.copyOfRange(bytes, from, to)), Long.MAX_VALUE);
    }

    @Test
    void aChainBrokenByAResentPartIsJoinedFromTheDataFileAndPartFiles(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(90_000);
        String digest = digest(bytes);
        try (FilesystemBlobStore store = store(dir)) {
            PendingUpload id = open(store, digest);
            String first = put(store, id, 1, bytes, 0, 30_000);
            String oldSecond = store.writePart(id, 2, new ByteArrayInputStream(new byte[30_000]), Long.MAX_VALUE);
            String second = put(store, id, 2, bytes, 30_000, 60_000);
            String third = put(store, id, 3, bytes, 60_000, 90_000);
            Failure stale = assertThrows(Failure.class, () -> store.complete(id,
                    List.of(new CompletedPart(1, first), new CompletedPart(2, oldSecond), new CompletedPart(3, third)), ANY_SIZE));
            assertEquals("MissingParts", stale.error());
            store.complete(id, List.of(new CompletedPart(1, first), new CompletedPart(2, second), new CompletedPart(3, third)), ANY_SIZE);
            assertArrayEquals(bytes, read(store, digest, bytes.length));
        }
    }

    @Test
    void completingFewerPartsThanAppendedCutsTheBlobAfterTheLastListed(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(60_000);
        byte[] firstTwo = Arrays.copyOfRange(bytes, 0, 40_000);
        String digest = digest(firstTwo);
        try (FilesystemBlobStore store = store(dir)) {
            PendingUpload id = open(store, digest);
            String first = put(store, id, 1, bytes, 0, 20_000);
            String second = put(store, id, 2, bytes, 20_000, 40_000);
            put(store, id, 3, bytes, 40_000, 60_000);
            assertEquals(40_000, store.complete(id, List.of(new CompletedPart(1, first), new CompletedPart(2, second)), ANY_SIZE).size());
            assertArrayEquals(firstTwo, read(store, digest, firstTwo.length));
        }
    }

    @Test
    void appendedPartsStillJoinAfterARestart(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(50_000);
        String digest = digest(bytes);
        PendingUpload id;
        List<CompletedPart> parts;
        try (FilesystemBlobStore store = store(dir)) {
            id = open(store, digest);
            parts = List.of(new CompletedPart(1, put(store, id, 1, bytes, 0, 25_000)),
                    new CompletedPart(2, put(store, id, 2, bytes, 25_000, 50_000)));
        }
        try (FilesystemBlobStore restarted = store(dir)) {
            restarted.complete(id, parts, ANY_SIZE);
            assertArrayEquals(bytes, read(restarted, digest, bytes.length));
        }
    }

    @Test
    void aPartCutShortLeavesNothingAndTheNextTryAppends(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(40_000);
        String digest = digest(bytes);
        try (FilesystemBlobStore store = store(dir)) {
            PendingUpload id = open(store, digest);
            java.io.InputStream broken = new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[10_000]),
                    new java.io.InputStream() {
                        @Override
                        public int read() throws java.io.IOException {
                            throw new java.io.IOException("connection reset");
                        }
                    });
            assertEquals("IncompletePart", assertThrows(Failure.class, () -> store.writePart(id, 1, broken, Long.MAX_VALUE)).error());
            String first = put(store, id, 1, bytes, 0, 40_000);
            store.complete(id, List.of(new CompletedPart(1, first)), ANY_SIZE);
            assertArrayEquals(bytes, read(store, digest, bytes.length));
        }
    }

    @Test
    void aStoredBlobOfTheWrongSizeIsReplacedByVerifiedBytes(@TempDir Path dir) throws Exception {
        byte[] bytes = bytes(50_000);
        String digest = digest(bytes);
        try (FilesystemBlobStore store = store(dir)) {
            java.nio.file.Path blob = store.blobPath(digest);
            java.nio.file.Files.createDirectories(blob.getParent());
            java.nio.file.Files.write(blob, bytes(70_000)); // what a rewritten blob looked like
            PendingUpload id = open(store, digest);
            String etag = store.writePart(id, 1, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
            assertEquals(bytes.length, store.complete(id, List.of(new CompletedPart(1, etag)), ANY_SIZE).size());
            assertArrayEquals(bytes, read(store, digest, bytes.length));
            assertEquals(bytes.length, java.nio.file.Files.size(blob));
        }
    }
}

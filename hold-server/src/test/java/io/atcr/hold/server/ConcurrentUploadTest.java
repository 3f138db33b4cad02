package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.atcr.hold.testing.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Uploads of one digest at the same time end with one correct blob, on every storage driver. */
@ParameterizedClass
@ArgumentsSource(Storage.Drivers.class)
class ConcurrentUploadTest {
    private static final int UPLOADS = 4;
    @Parameter
    Storage storage;

    @Test
    void uploadsOfOneDigestAtOnceEndWithOneCorrectBlob() throws Exception {
        byte[] bytes = Blobs.bytes(Storage.PART + 1_000_000, 11);
        String digest = Blobs.digest(bytes);
        try (TestIdentities ids = TestIdentities.start();
             TestHold hold = storage.configure(TestHold.builder().identities(ids)).start()) {
            List<Blobs> clients = new ArrayList<>();
            List<String> uploadIds = new ArrayList<>();
            List<List<Map<String, Object>>> parts = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                TestIdentities.User user = ids.newUser();
                hold.cli("crew", "add", user.did());
                Blobs client = new Blobs(hold, user);
                String uploadId = client.initiate(digest);
                parts.add(client.putParts(uploadId, bytes, Storage.PART));
                clients.add(client);
                uploadIds.add(uploadId);
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
            List<Future<XrpcResponse>> answers = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return clients.get(n).complete(uploadIds.get(n), digest, parts.get(n));
                }));
            }
            go.countDown();
            for (Future<XrpcResponse> answer : answers) {
                assertEquals(200, answer.get().status(), answer.get().body());
            }
            pool.shutdown();
            assertArrayEquals(bytes, clients.get(0).download(digest).body());
            assertEquals(1, storage.stored(hold).size(), "one blob and no leftover part or temporary file: "
                    + storage.stored(hold));
        }
    }
}

package io.atcr.hold.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.CoreParts;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reservations of parts streaming at once, across many users on different lock stripes, add up exactly. */
class UploadAllowanceRaceTest {
    private static final int THREADS = 8;
    private static final int USERS = 200;
    private static final int PER_THREAD = 1_500;

    @Test
    void racingReservationsOfManyUsersAreAllCountedAndAllReleased(@TempDir Path dir) throws Exception {
        Tier roomy = new Tier("roomy", 1L << 50, "room for every part", Map.of());
        try (CoreParts core = CoreParts.in(dir, TierPolicy.of(List.of(roomy), "roomy", "roomy"))) {
            FilesystemBlobStore store = new FilesystemBlobStore(dir.resolve("blobs"), PartUrlSigner.loadOrCreate(dir),
                    "http://hold.test/xrpc/io.atcr.hold.uploadPart");
            UploadAllowance allowance = new UploadAllowance(core.db, core.quota, store, new UploadSessions(core.db), 1L << 40);
            List<List<UploadAllowance.Reservation>> held = race(allowance);
            for (int user = 0; user < USERS; user++) {
                assertEquals(reservedBy(user), allowance.pending(did(user)), "pending bytes of " + did(user));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> releases = new ArrayList<>();
                for (List<UploadAllowance.Reservation> mine : held) {
                    releases.add(pool.submit(() -> mine.forEach(UploadAllowance.Reservation::close)));
                }
                for (Future<?> release : releases) {
                    release.get();
                }
            } finally {
                pool.shutdown();
            }
            for (int user = 0; user < USERS; user++) {
                assertEquals(0, allowance.pending(did(user)), "pending bytes of " + did(user) + " after every release");
            }
        }
    }

    @Test
    void reservationsAloneAddUpUnderATightRace() throws Exception {
        Reservations reservations = new Reservations();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100_000; i++) {
                        reservations.take(did(i % USERS), 3);
                        reservations.take(did(i % USERS), 4);
                        reservations.release(did(i % USERS), 3);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int user = 0; user < USERS; user++) {
            assertEquals(4L * THREADS * 100_000 / USERS, reservations.of(did(user)));
        }
    }

    /** Each thread reserves parts of every user in turn and keeps them; answers what each thread holds. */
    private static List<List<UploadAllowance.Reservation>> race(UploadAllowance allowance) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<UploadAllowance.Reservation>>> runs = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    List<UploadAllowance.Reservation> mine = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        mine.add(allowance.reservePart(did(i % USERS), size(i % USERS)));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<List<UploadAllowance.Reservation>> held = new ArrayList<>();
            for (Future<List<UploadAllowance.Reservation>> run : runs) {
                held.add(run.get());
            }
            return held;
        } finally {
            pool.shutdown();
        }
    }

    private static long reservedBy(int user) {
        return (long) THREADS * (PER_THREAD / USERS + (user < PER_THREAD % USERS ? 1 : 0)) * size(user);
    }

    private static long size(int user) {
        return 1_000 + user;
    }

    private static String did(int user) {
        return "did:plc:user" + user;
    }
}

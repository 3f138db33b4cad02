package io.atcr.hold.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The serving hold's periodic housekeeping: abandoned uploads, then unreferenced blobs past their grace. */
public final class Sweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final Uploads uploads;
    private final GarbageCollector garbage;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "storage-sweep");
        t.setDaemon(true);
        return t;
    });

    private Sweeper(Uploads uploads, GarbageCollector garbage) {
        this.uploads = uploads;
        this.garbage = garbage;
    }

    /** Sweeps now, and then every {@code every}, until closed. */
    public static Sweeper start(Uploads uploads, GarbageCollector garbage, Duration every) {
        Sweeper sweeper = new Sweeper(uploads, garbage);
        sweeper.timer.scheduleWithFixedDelay(sweeper::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return sweeper;
    }

    private void sweep() {
        try {
            uploads.removeAbandoned();
            garbage.collect(false);
        } catch (RuntimeException e) {
            // Contained: a failed sweep must not stop the next one.
            log.warn("the storage sweep failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

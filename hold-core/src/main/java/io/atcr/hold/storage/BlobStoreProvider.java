package io.atcr.hold.storage;

import io.atcr.hold.config.HoldConfig;
import java.time.Clock;

/**
 * A storage driver that lives outside the core (S3, in {@code hold-s3}), found with {@link java.util.ServiceLoader}
 * when {@code STORAGE_DRIVER} names it. The core's own filesystem driver needs no provider.
 */
public interface BlobStoreProvider {

    /** What the driver needs from the hold: its configuration, the uploads in progress, and its clock. */
    record Context(HoldConfig config, UploadSessions sessions, Clock clock) {
    }

    /** The {@code STORAGE_DRIVER} value this provider serves ({@code s3}). */
    String driver();

    /**
     * Opens the store. Fails with {@link io.atcr.hold.config.ConfigException} for a configuration it cannot use; it
     * need not reach the storage (a bucket that is down at start makes requests fail, not the start).
     */
    BlobStore open(Context context);
}

package io.atcr.hold.config;

import java.nio.file.Path;

/** Where the hold keeps blobs ({@code STORAGE_DRIVER}): its own folder, or an S3 bucket. */
public sealed interface Storage permits Storage.Filesystem, S3Settings {

    /** The {@code STORAGE_DRIVER} value. */
    String driver();

    /** The storage in use, for the start line and {@code config check}: where the blobs are. */
    String describe();

    /** {@code STORAGE_DRIVER=filesystem}: blobs under {@code STORAGE_ROOT_DIR}. */
    record Filesystem(Path root) implements Storage {
        public static final String DRIVER = "filesystem";

        @Override
        public String driver() {
            return DRIVER;
        }

        @Override
        public String describe() {
            return "filesystem at " + root.toAbsolutePath().normalize();
        }
    }
}

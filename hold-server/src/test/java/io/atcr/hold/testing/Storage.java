package io.atcr.hold.testing;

/**
 * The storage drivers a storage test runs on: each configures a {@link TestHold} for itself. The S3 driver gets a
 * fresh bucket of the test JVM's {@link S3Server}.
 */
public enum Storage {
    FILESYSTEM {
        @Override
        public TestHold.Builder configure(TestHold.Builder hold) {
            return hold;
        }
    },
    S3 {
        @Override
        public TestHold.Builder configure(TestHold.Builder hold) {
            S3Server server = S3Server.shared();
            server.holdEnv(server.newBucket()).forEach(hold::env);
            return hold;
        }
    };

    /** A part size both drivers take for every part but the last (a bucket wants 5 MiB at least). */
    public static final int PART = 5 * 1024 * 1024;

    public abstract TestHold.Builder configure(TestHold.Builder hold);
}

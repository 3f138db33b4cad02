package io.atcr.hold.testing;

import java.util.Map;

/**
 * A fresh bucket of the test JVM's {@link S3Server}, reached through a {@link TcpRelay}: a hold configured with it
 * talks to the bucket over a line the test can cut ({@link TcpRelay#down}) or stall at one request.
 */
public final class BucketLine implements AutoCloseable {
    public final TcpRelay relay = TcpRelay.to(S3Server.shared().endpoint());
    public final String bucket = S3Server.shared().newBucket();

    /** The S3 environment of a hold on this bucket, over the line. */
    public Map<String, String> env() {
        return S3Server.holdEnv(relay.uri(), bucket);
    }

    /** Configures a hold for this bucket, over the line. */
    public TestHold.Builder configure(TestHold.Builder hold) {
        env().forEach(hold::env);
        return hold;
    }

    @Override
    public void close() {
        relay.close();
    }
}

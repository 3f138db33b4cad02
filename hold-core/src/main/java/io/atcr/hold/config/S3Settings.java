package io.atcr.hold.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The S3 driver's part of the environment ({@code STORAGE_DRIVER=s3}).
 *
 * @param prefix  the key prefix, empty or ending in one slash ({@code holds/one/})
 * @param endpoint another S3-compatible endpoint; empty for AWS
 * @param keys    static credentials from the environment; empty for the AWS default credential chain
 */
public record S3Settings(String bucket, String region, Optional<URI> endpoint, boolean pathStyle, String prefix,
                         Duration presignTtl, boolean verifyDigest, boolean proxyDownloads, Optional<Keys> keys)
        implements Storage {
    public static final String DRIVER = "s3";

    @Override
    public String driver() {
        return DRIVER;
    }

    /** The bucket, region and endpoint: {@code S3 bucket s3://bucket/prefix in eu-west-1 at https://…}. */
    @Override
    public String describe() {
        return "S3 bucket " + location() + " in " + region + endpoint.map(at -> " at " + at
                + (pathStyle ? " (path-style)" : "")).orElse(" (AWS)");
    }

    /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and, for temporary keys, {@code AWS_SESSION_TOKEN}. */
    public record Keys(String accessKeyId, Secret secretAccessKey, Optional<Secret> sessionToken) {
    }

    /** Where this hold's objects are, for logs and {@code config check}: {@code s3://bucket/prefix}. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }
}

package io.atcr.hold.storage.s3;

import io.atcr.hold.config.S3Settings;
import io.atcr.hold.storage.UploadIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code config check} for a bucket: that it exists in the configured region, and that the credentials may put, list,
 * get and delete under the prefix, with a probe object that is removed again.
 */
final class BucketCheck {
    private final Bucket bucket;
    private final S3Settings settings;

    BucketCheck(Bucket bucket, S3Settings settings) {
        this.bucket = bucket;
        this.settings = settings;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        try {
            bucket.s3().headBucket(r -> r.bucket(bucket.name()));
        } catch (SdkException e) {
            problems.add(bucketProblem(e));
            return problems;
        }
        String key = bucket.layout().prefix() + "config-check/" + UploadIds.newId();
        byte[] probe = "config check probe".getBytes(StandardCharsets.UTF_8);
        step(problems, "put", () -> bucket.s3().putObject(r -> r.bucket(bucket.name()).key(key), RequestBody.fromBytes(probe)));
        if (!problems.isEmpty()) {
            return problems;
        }
        step(problems, "list", () -> {
            boolean listed = bucket.s3().listObjectsV2(r -> r.bucket(bucket.name()).prefix(key)).contents().stream()
                    .anyMatch(o -> o.key().equals(key));
            if (!listed) {
                throw new IllegalStateException("the probe object " + key + " was put but is not listed");
            }
        });
        step(problems, "get", () -> {
            byte[] read = bucket.s3().getObjectAsBytes(r -> r.bucket(bucket.name()).key(key)).asByteArray();
            if (!java.util.Arrays.equals(read, probe)) {
                throw new IllegalStateException("the probe object " + key + " read back different bytes");
            }
        });
        step(problems, "delete", () -> bucket.s3().deleteObject(r -> r.bucket(bucket.name()).key(key)));
        return problems;
    }

    private String bucketProblem(SdkException e) {
        if (e instanceof S3Exception s3) {
            String region = s3.awsErrorDetails() == null || s3.awsErrorDetails().sdkHttpResponse() == null ? null
                    : s3.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null);
            if (region != null && !region.equals(settings.region())) {
                return "S3_REGION=" + settings.region() + ": the bucket " + bucket.name() + " is in " + region
                        + "; set S3_REGION=" + region;
            }
            if (s3.statusCode() == 404) {
                return "S3_BUCKET=" + bucket.name() + ": no such bucket at " + endpoint() + "; create it, or fix the name";
            }
            if (s3.statusCode() == 301) {
                return "S3_REGION=" + settings.region() + ": the bucket " + bucket.name()
                        + " is in another region; set S3_REGION to its region";
            }
            if (s3.statusCode() == 403) {
                return "S3_BUCKET=" + bucket.name() + ": the credentials may not use this bucket ("
                        + BucketFailure.describe(e) + "); check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the policy";
            }
        }
        return "S3_ENDPOINT=" + endpoint() + ": the bucket " + bucket.name() + " could not be checked ("
                + BucketFailure.describe(e) + ")";
    }

    private void step(List<String> problems, String action, Runnable step) {
        try {
            step.run();
        } catch (SdkException e) {
            problems.add("the credentials may not " + action + " objects under " + settings.location() + " ("
                    + BucketFailure.describe(e) + "); allow s3:" + permission(action) + " on the bucket");
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
    }

    private static String permission(String action) {
        return switch (action) {
            case "put" -> "PutObject";
            case "list" -> "ListBucket";
            case "get" -> "GetObject";
            default -> "DeleteObject";
        };
    }

    private String endpoint() {
        return settings.endpoint().map(Object::toString).orElse("AWS (" + settings.region() + ")");
    }
}

package io.atcr.hold.storage.s3;

import io.atcr.hold.failure.Failure;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns a failure of the bucket into the 5xx error the caller sees: the bucket's error code and status, never a
 * request's signature or a credential (the SDK's own messages may quote either, so they are not passed on).
 */
final class BucketFailure {
    /** Codes S3-compatible servers answer when they are out of space (MinIO, Ceph RGW, others). */
    private static final Set<String> FULL = Set.of("XMinioStorageFull", "QuotaExceeded", "InsufficientStorage",
            "StorageFull", "EntityTooLargeForStorage");

    private BucketFailure() {
    }

    static Failure of(String bucket, String what, SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String answer = (code == null ? "an error" : code) + " (HTTP " + s3.statusCode() + ")";
            if ((code != null && FULL.contains(code)) || s3.statusCode() == 507) {
                return new Failure(Failure.Kind.STORAGE_FULL, "InsufficientStorage", "the bucket " + bucket + " is full (" + answer
                        + ") while " + what + "; nothing was kept, try again after the operator frees space", e);
            }
            return new Failure(Failure.Kind.UNAVAILABLE, "StorageUnavailable", "the bucket " + bucket + " answered " + answer
                    + " while " + what + "; nothing was kept, try again shortly", e);
        }
        return new Failure(Failure.Kind.UNAVAILABLE, "StorageUnavailable", "the bucket " + bucket + " could not be reached while " + what
                + " (" + unreachable(e) + "); nothing was kept, try again shortly", e);
    }

    /** Why the bucket gave no answer, in words, from the innermost cause (the SDK's own text may quote a request). */
    static String unreachable(Throwable e) {
        if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give the AWS default chain a "
                    + "profile or role";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (root instanceof java.net.SocketTimeoutException || root instanceof java.util.concurrent.TimeoutException) {
            return "timed out";
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (root instanceof javax.net.ssl.SSLException) {
            return "TLS failed";
        }
        return "the connection broke";
    }

    /** Whether the bucket answered that the object (or upload) is not there. */
    static boolean notFound(SdkException e) {
        return e instanceof S3Exception s3 && (s3.statusCode() == 404);
    }

    /** The bucket's answer (its code and status), or why there was none. */
    static String describe(SdkException e) {
        if (e instanceof S3Exception s3) {
            return (code(e).isEmpty() ? "HTTP " : code(e) + ", HTTP ") + s3.statusCode();
        }
        return unreachable(e);
    }

    /** The bucket's error code, or empty when it sent none (or was not reached). */
    static String code(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null && s3.awsErrorDetails().errorCode() != null) {
            return s3.awsErrorDetails().errorCode();
        }
        return "";
    }
}

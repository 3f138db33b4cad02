package io.atcr.hold.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.failure.Failure;
import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A bucket's failure, built as the SDK builds it, becomes a 503 or 507 that names the bucket's code and no secret. */
class BucketFailureTest {

    private static S3Exception answered(String code, int status) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .message("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261202 Signature=abc123 (quoted by the SDK)")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("quoted").build()).build();
    }

    @ParameterizedTest
    @CsvSource({"XMinioStorageFull,507", "QuotaExceeded,403", "InsufficientStorage,507", "AnyCode,507"})
    void aFullBucketIs507(String code, int status) {
        Failure e = BucketFailure.of("blobs", "storing", answered(code, status));
        assertEquals(Failure.Kind.STORAGE_FULL, e.kind());
        assertEquals("InsufficientStorage", e.error());
    }

    @Test
    void anyOtherAnswerIs503WithTheBucketsCodeAndNoSignature() {
        Failure e = BucketFailure.of("blobs", "starting an upload", answered("SlowDown", 503));
        assertEquals(Failure.Kind.UNAVAILABLE, e.kind());
        assertEquals("StorageUnavailable", e.error());
        assertTrue(e.getMessage().contains("SlowDown (HTTP 503)"), e.getMessage());
        assertTrue(e.getMessage().contains("blobs"), e.getMessage());
        assertFalse(e.getMessage().contains("AKIAEXAMPLE") || e.getMessage().contains("Signature"), e.getMessage());
    }

    @Test
    void missingCredentialsAreNamedAsSuch() {
        SdkClientException none = SdkClientException.builder().message("Unable to load credentials from any of the "
                + "providers in the chain AwsCredentialsProviderChain(...)").build();
        Failure e = BucketFailure.of("blobs", "starting an upload", none);
        assertEquals(Failure.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("(no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), e.getMessage());
    }

    @Test
    void noAnswerSaysWhyInWords() {
        SdkClientException refused = SdkClientException.builder().message("Unable to execute HTTP request: Connect to "
                + "127.0.0.1:9 failed").cause(new ConnectException("Connection refused")).build();
        Failure e = BucketFailure.of("blobs", "looking up a blob", refused);
        assertEquals(Failure.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("could not be reached while looking up a blob (connection refused)"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
}

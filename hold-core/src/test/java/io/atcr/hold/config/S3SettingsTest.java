package io.atcr.hold.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** STORAGE_DRIVER=s3 reads the spec's S3 variables, with their defaults, and names the one that is wrong. */
class S3SettingsTest {

    private static Map<String, String> s3(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("STORAGE_DRIVER", "s3", "S3_BUCKET", "atcr-blobs"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void theDefaultsAreTheSpecs() {
        S3Settings s3 = (S3Settings) Environment.read(s3()).storage();
        assertEquals("atcr-blobs", s3.bucket());
        assertEquals("us-east-1", s3.region());
        assertTrue(s3.endpoint().isEmpty(), "AWS itself");
        assertFalse(s3.pathStyle());
        assertEquals("", s3.prefix());
        assertEquals(Duration.ofMinutes(15), s3.presignTtl());
        assertTrue(s3.verifyDigest());
        assertFalse(s3.proxyDownloads());
        assertTrue(s3.keys().isEmpty(), "no keys in the environment: the AWS default chain");
    }

    @Test
    void theFilesystemDriverHasNoS3Settings() {
        assertTrue(Environment.read(Map.of()).storage() instanceof Storage.Filesystem);
    }

    @Test
    void everyVariableIsRead() {
        S3Settings s3 = (S3Settings) Environment.read(s3("S3_REGION", "eu-central-1", "S3_ENDPOINT", "http://minio.local:9000",
                "S3_PATH_STYLE", "true", "S3_PREFIX", "/holds/one/", "S3_PRESIGN_TTL", "1h", "S3_VERIFY_DIGEST", "false",
                "S3_PROXY_DOWNLOADS", "true", "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-value",
                "AWS_SESSION_TOKEN", "token-value")).storage();
        assertEquals("eu-central-1", s3.region());
        assertEquals("http://minio.local:9000", s3.endpoint().orElseThrow().toString());
        assertTrue(s3.pathStyle());
        assertEquals("holds/one/", s3.prefix(), "slashes at either end are trimmed, one ends it");
        assertEquals(Duration.ofHours(1), s3.presignTtl());
        assertFalse(s3.verifyDigest());
        assertTrue(s3.proxyDownloads());
        assertEquals("AKIAEXAMPLE", s3.keys().orElseThrow().accessKeyId());
        assertEquals("secret-value", s3.keys().orElseThrow().secretAccessKey().value());
        assertEquals("token-value", s3.keys().orElseThrow().sessionToken().orElseThrow().value());
        assertEquals("s3://atcr-blobs/holds/one/", s3.location());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "S3_BUCKET|Not_A_Bucket|S3_BUCKET=Not_A_Bucket: not a bucket name",
            "S3_BUCKET|a..b|S3_BUCKET=a..b: not a bucket name",
            "S3_REGION|EU West|S3_REGION=EU West: expected a region",
            "S3_ENDPOINT|minio:9000|S3_ENDPOINT=minio:9000: expected an http or https URL",
            "S3_PATH_STYLE|sometimes|S3_PATH_STYLE=sometimes: expected true or false",
            "S3_PREFIX|a/../b|S3_PREFIX=a/../b: expected a key prefix",
            "S3_PREFIX|a//b|S3_PREFIX=a//b: expected a key prefix",
            "S3_PRESIGN_TTL|0s|S3_PRESIGN_TTL=0s: presigned URLs last from 1s to 7d",
            "S3_PRESIGN_TTL|8d|S3_PRESIGN_TTL=8d: presigned URLs last from 1s to 7d",
            "S3_VERIFY_DIGEST|off|S3_VERIFY_DIGEST=off: expected true or false",
            "S3_PROXY_DOWNLOADS|yes please|S3_PROXY_DOWNLOADS=yes please: expected true or false",
            "AWS_ACCESS_KEY_ID|AKIAEXAMPLE|AWS_SECRET_ACCESS_KEY: required when AWS_ACCESS_KEY_ID is set",
    })
    void aBadValueIsNamed(String name, String value, String expected) {
        String message = assertThrows(ConfigException.class, () -> Environment.read(s3(name, value))).getMessage();
        assertTrue(message.startsWith(expected), message);
        assertFalse(message.contains("\n"));
    }

    @Test
    void aMissingBucketSaysWhatToSet() {
        String message = assertThrows(ConfigException.class,
                () -> Environment.read(Map.of("STORAGE_DRIVER", "s3"))).getMessage();
        assertTrue(message.startsWith("S3_BUCKET: required with STORAGE_DRIVER=s3"), message);
    }

    @Test
    void aSecretKeyWithoutItsIdIsRefusedWithoutShowingIt() {
        String message = assertThrows(ConfigException.class,
                () -> Environment.read(s3("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG"))).getMessage();
        assertTrue(message.startsWith("AWS_ACCESS_KEY_ID: required when AWS_SECRET_ACCESS_KEY is set"), message);
        assertFalse(message.contains("wJalrXUtnFEMI"));
        S3Settings s3 = (S3Settings) Environment.read(s3("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"))
                .storage();
        assertFalse(s3.keys().toString().contains("wJalrXUtnFEMI"), "the record's text hides the secret");
    }
}

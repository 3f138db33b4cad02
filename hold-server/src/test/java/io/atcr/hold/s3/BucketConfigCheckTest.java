package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Eventually;
import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.S3Server;
import io.atcr.hold.testing.XrpcResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestHold.CommandResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * config check on S3: the bucket exists and the credentials may put, list, get and delete under the prefix; what is
 * wrong is one line with the variable to fix, and no secret is printed.
 */
class BucketConfigCheckTest {
    @AutoClose
    private static final TestHold hold = Storage.S3.configure(TestHold.builder().env("S3_PREFIX", "holds/one")).start();

    private static void assertNoSecret(CommandResult result) {
        assertFalse(result.out().contains(S3Server.CREDENTIAL) || result.err().contains(S3Server.CREDENTIAL), result.out());
    }

    @Test
    void aBucketTheCredentialsMayUsePassesAndLeavesNoProbe() {
        CommandResult result = hold.cli("config", "check");
        assertEquals(0, result.code(), result.out() + result.err());
        assertTrue(result.out().contains("S3 bucket s3://" + hold.env().get("S3_BUCKET") + "/holds/one/ in us-east-1"),
                result.out());
        assertTrue(result.out().contains("AWS_SECRET_ACCESS_KEY …(redacted)"), result.out());
        assertTrue(result.out().contains("the credentials may put, list, get and delete objects"), result.out());
        assertNoSecret(result);
        assertEquals(List.of(), Storage.S3.stored(hold), "the probe object was deleted");
    }

    @Test
    void aMissingBucketIsNamed() {
        CommandResult result = hold.cliWith(Map.of("S3_BUCKET", "no-such-bucket-here"), "config", "check");
        assertEquals(2, result.code(), result.out());
        assertTrue(result.out().contains("error: S3_BUCKET=no-such-bucket-here: no such bucket at "
                + S3Server.shared().endpoint()), result.out());
    }

    @Test
    void wrongCredentialsAreNamedWithoutShowingThem() {
        CommandResult result = hold.cliWith(Map.of("AWS_SECRET_ACCESS_KEY", "not-the-right-secret-key"), "config", "check");
        assertEquals(2, result.code(), result.out());
        assertTrue(result.out().contains("error: S3_BUCKET=" + hold.env().get("S3_BUCKET")
                + ": the credentials may not use this bucket"), result.out());
        assertFalse(result.out().contains("not-the-right-secret-key"), result.out());
        assertNoSecret(result);
    }

    @Test
    void aBucketInAnotherRegionIsNamedWithItsRegion() throws Exception {
        // What AWS answers a HeadBucket sent to the wrong region: 301 and the bucket's region in a header.
        com.sun.net.httpserver.HttpServer aws = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        aws.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("x-amz-bucket-region", "eu-west-3");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        aws.start();
        try {
            CommandResult result = hold.cliWith(Map.of("S3_ENDPOINT", "http://127.0.0.1:" + aws.getAddress().getPort()),
                    "config", "check");
            assertEquals(2, result.code(), result.out());
            assertTrue(result.out().contains("error: S3_REGION=us-east-1: the bucket " + hold.env().get("S3_BUCKET")
                    + " is in eu-west-3; set S3_REGION=eu-west-3"), result.out());
        } finally {
            aws.stop(0);
        }
    }

    @Test
    void serveStartsOnAMissingBucketWarnsWhatToFixAndItsStartLineNamesTheBucket(@TempDir Path dir) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(S3Server.shared().holdEnv("no-such-bucket-at-start"));
        env.put("HOLD_PUBLIC_URL", TestHold.PUBLIC_URL);
        try (HoldProcess process = HoldProcess.start(dir, env)) {
            Eventually.await("serve warns about the bucket", () -> process.log().contains("storage: S3_BUCKET="));
            assertTrue(process.log().contains("WARN") && process.log().contains(
                    "storage: S3_BUCKET=no-such-bucket-at-start: no such bucket at " + S3Server.shared().endpoint()),
                    process.log());
            assertFalse(process.log().contains(S3Server.CREDENTIAL), process.log());
            String start = process.log().lines().filter(line -> line.contains("listening on")).findFirst().orElseThrow();
            assertTrue(start.contains("storage S3 bucket s3://no-such-bucket-at-start/ in " + S3Server.REGION + " at "
                    + S3Server.shared().endpoint()) && !start.contains("filesystem"), start);
        }
    }

    @Test
    void theCaptainRecordNamesTheBucketsRegion() {
        XrpcResponse captain = hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                + "&collection=io.atcr.hold.captain&rkey=self");
        assertEquals(200, captain.status(), captain.body());
        assertEquals(S3Server.REGION, captain.json().path("value").path("region").asText());
    }

    @Test
    void noCredentialsAnywhereAreNamed() {
        // Without keys the AWS default chain is asked; here it finds none: no keys in this JVM's environment, and
        // no profile files, no instance metadata (the system properties the SDK reads point nowhere).
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null, "this machine has AWS credentials of its own");
        Map<String, String> properties = Map.of("aws.disableEc2Metadata", "true",
                "aws.sharedCredentialsFile", hold.dir().resolve("none").toString(),
                "aws.configFile", hold.dir().resolve("none").toString());
        properties.forEach(System::setProperty);
        java.util.Map<String, String> env = new java.util.HashMap<>(hold.env());
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        CommandResult result;
        try {
            result = TestHold.command(env, "config", "check");
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        assertEquals(2, result.code(), result.out());
        assertTrue(result.out().contains("credentials from the AWS default chain"), result.out());
        assertTrue(result.out().contains("(no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), result.out());
    }

    @Test
    void anUnreachableEndpointIsNamed() {
        CommandResult result = hold.cliWith(Map.of("S3_ENDPOINT", "http://127.0.0.1:9"), "config", "check");
        assertEquals(2, result.code(), result.out());
        assertTrue(result.out().contains("error: S3_ENDPOINT=http://127.0.0.1:9: the bucket "), result.out());
        assertTrue(result.out().contains("connection refused"), result.out());
    }
}

package io.atcr.hold.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentTest {
    @Test
    void defaultsNeedNoEnvironment() {
        HoldConfig config = Environment.read(Map.of());
        assertEquals("http://localhost:8080", config.holdUrl());
        assertEquals(8080, config.listenAddress().port());
        assertEquals(Path.of("./data"), config.databaseDir());
        assertEquals(new Storage.Filesystem(Path.of("./data/blobs")), config.storage());
        assertEquals(Path.of("config/quotas.yaml"), config.quotasPath());
        assertEquals("https://plc.directory", config.plcDirectoryUrl().toString());
        assertFalse(config.access().publicHold());
        assertTrue(config.access().owner().isEmpty());
    }

    @Test
    void theAppViewAndSuccessorAreOptionalDids() {
        assertTrue(Environment.read(Map.of()).access().appView().isEmpty());
        HoldConfig config = Environment.read(Map.of("HOLD_APPVIEW_DID", "did:web:atcr.io",
                "HOLD_SUCCESSOR_DID", "did:web:next-hold.example.com", "HOLD_BLUESKY_POSTS", "false"));
        assertEquals("did:web:atcr.io", config.access().appView().orElseThrow());
        assertEquals("did:web:next-hold.example.com", config.access().successor().orElseThrow());
    }

    @Test
    void relaysAreAListOfBaseUrls() {
        assertEquals(java.util.List.of(), Environment.read(Map.of()).relays());
        assertEquals(2, Environment.read(Map.of("HOLD_RELAYS", "https://bsky.network, https://relay.example.com,")).relays().size());
        assertEquals(java.time.Duration.ofHours(72), Environment.read(Map.of()).limits().firehoseRetention());
    }

    @Test
    void theDefaultPublicUrlFollowsTheListenPort() {
        HoldConfig config = Environment.read(Map.of("HOLD_SERVER_ADDR", ":18092"));
        assertEquals("http://localhost:18092", config.holdUrl());
    }

    @Test
    void limitsHaveTheirDefaultsAndUnits() {
        HoldConfig config = Environment.read(Map.of("HOLD_GC_GRACE", "7d", "HOLD_MAX_PART_SIZE", "64MB"));
        assertEquals(java.time.Duration.ofDays(7), config.limits().gcGrace());
        assertEquals(64L << 20, config.limits().maxPartSize());
        assertEquals(java.time.Duration.ofSeconds(30), config.limits().shutdownGrace());
        assertEquals(5L << 30, Environment.read(Map.of()).limits().maxPartSize());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HOLD_SERVER_ADDR|8080|HOLD_SERVER_ADDR=8080: expected host:port or :port",
            "HOLD_SERVER_ADDR|:99999|HOLD_SERVER_ADDR=:99999: the port must be a number from 0 to 65535",
            "HOLD_PUBLIC|maybe|HOLD_PUBLIC=maybe: expected true or false",
            "HOLD_ALLOW_ALL_CREW|sure|HOLD_ALLOW_ALL_CREW=sure: expected true or false",
            "HOLD_PUBLIC_URL|ftp://hold|HOLD_PUBLIC_URL=ftp://hold: expected an http or https URL",
            "HOLD_PUBLIC_URL|https://hold.example/sub|HOLD_PUBLIC_URL=https://hold.example/sub: must be a bare origin",
            "HOLD_OWNER|alice|HOLD_OWNER=alice: expected the captain's DID",
            "STORAGE_DRIVER|minio|STORAGE_DRIVER=minio: expected filesystem or s3",
            "HOLD_PLC_DIRECTORY_URL|plc|HOLD_PLC_DIRECTORY_URL=plc: expected an http or https URL",
            "HOLD_PUBLIC_URL|https://hold.example?x=1|HOLD_PUBLIC_URL=https://hold.example?x=1: must be a bare origin",
            "HOLD_PUBLIC_URL|https://hold.example#top|HOLD_PUBLIC_URL=https://hold.example#top: must be a bare origin",
            "HOLD_MAX_PART_SIZE|huge|HOLD_MAX_PART_SIZE=huge: expected a size like 5GB",
            "HOLD_GC_GRACE|1 day|HOLD_GC_GRACE=1 day: expected a duration like 30s, 15m, 24h or 7d",
            "HOLD_SHUTDOWN_GRACE|30|HOLD_SHUTDOWN_GRACE=30: expected a duration",
            "HOLD_DID_WEB_ALLOW_PRIVATE|perhaps|HOLD_DID_WEB_ALLOW_PRIVATE=perhaps: expected true or false",
            "HOLD_APPVIEW_DID|atcr.io|HOLD_APPVIEW_DID=atcr.io: expected the AppView's DID",
            "HOLD_SUCCESSOR_DID|https://next.example|HOLD_SUCCESSOR_DID=https://next.example: expected the DID of the hold",
            "HOLD_BLUESKY_POSTS|often|HOLD_BLUESKY_POSTS=often: expected true or false",
            "HOLD_RELAYS|bsky.network|HOLD_RELAYS=bsky.network: expected an http or https URL",
            "HOLD_RELAYS|https://bsky.network/xrpc|HOLD_RELAYS: https://bsky.network/xrpc must be a relay's base URL",
            "HOLD_FIREHOSE_RETENTION|3 days|HOLD_FIREHOSE_RETENTION=3 days: expected a duration",
    })
    void aBadValueStopsTheStartNamingTheVariable(String name, String value, String expected) {
        String message = assertThrows(ConfigException.class, () -> Environment.read(Map.of(name, value))).getMessage();
        assertTrue(message.startsWith(expected), message);
        assertFalse(message.contains("\n"));
    }

    @Test
    void aMalformedSecretIsNamedButNeverShown() {
        String message = assertThrows(ConfigException.class,
                () -> Environment.read(Map.of("STRIPE_WEBHOOK_SECRET", "sk_live_wrongplace123"))).getMessage();
        assertTrue(message.startsWith("STRIPE_WEBHOOK_SECRET: expected a value starting with whsec_"), message);
        assertFalse(message.contains("wrongplace123"));
    }

    @Test
    void secretsRedactThemselves() {
        HoldConfig config = Environment.read(Map.of("STRIPE_SECRET_KEY", "sk_test_fake_secret_value"));
        Secret secret = config.stripe().secretKey().orElseThrow();
        assertEquals("sk_test_…(redacted)", secret.toString());
        assertFalse(config.toString().contains("fake_secret_value"));
    }

    @Test
    void storageRootFollowsTheDatabaseDir() {
        assertEquals(new Storage.Filesystem(Path.of("/srv/hold/blobs")), Environment.read(Map.of("HOLD_DATABASE_DIR", "/srv/hold")).storage());
    }
}

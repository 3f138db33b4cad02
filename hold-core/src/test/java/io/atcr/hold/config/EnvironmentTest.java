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
        assertEquals(Path.of("./data/blobs"), config.storageRootDir());
        assertEquals(Path.of("config/quotas.yaml"), config.quotasPath());
        assertEquals("https://plc.directory", config.plcDirectoryUrl().toString());
        assertFalse(config.publicHold());
        assertTrue(config.owner().isEmpty());
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
            "STORAGE_DRIVER|s3|STORAGE_DRIVER=s3: this hold supports only 'filesystem'",
            "HOLD_PLC_DIRECTORY_URL|plc|HOLD_PLC_DIRECTORY_URL=plc: expected an http or https URL",
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
        Secret secret = config.stripe().secretKeyValue().orElseThrow();
        assertEquals("sk_test_…(redacted)", secret.toString());
        assertFalse(config.toString().contains("fake_secret_value"));
    }

    @Test
    void storageRootFollowsTheDatabaseDir() {
        assertEquals(Path.of("/srv/hold/blobs"), Environment.read(Map.of("HOLD_DATABASE_DIR", "/srv/hold")).storageRootDir());
    }
}

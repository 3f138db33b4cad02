package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestHold.CommandResult;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {
    @Test
    void aGoodConfigurationPrintsASummaryAndPasses() {
        try (TestHold hold = TestHold.builder().quotas(Quotas.EXAMPLE).owner("did:plc:captaincaptaincaptaincap").start()) {
            CommandResult result = hold.cli("config", "check");
            assertEquals(0, result.code(), result.err());
            assertTrue(result.out().contains("hold DID:                did:web:hold.test"), result.out());
            assertTrue(result.out().contains("tier bosun:            10 GB"), result.out());
            assertTrue(result.out().contains("configuration OK"), result.out());
        }
    }

    @Test
    void theSummaryNamesTheAppViewAndTheSuccessor() {
        try (TestHold hold = TestHold.builder().start()) {
            assertTrue(hold.cli("config", "check").out().contains("HOLD_APPVIEW_DID is not set, updateCrewTier is off"));
            CommandResult result = hold.cliWith(java.util.Map.of("HOLD_APPVIEW_DID", "did:web:atcr.io",
                    "HOLD_SUCCESSOR_DID", "did:web:next.example.com"), "config", "check");
            assertEquals(0, result.code(), result.err());
            assertTrue(result.out().contains("AppView:                 did:web:atcr.io (may set tiers with updateCrewTier)"), result.out());
            assertTrue(result.out().contains("successor:               did:web:next.example.com"), result.out());
        }
    }

    @Test
    void aBadTierFileFailsWithOneLineNamingFileKeyAndReason() throws Exception {
        try (TestHold hold = TestHold.builder().quotas(Quotas.EXAMPLE).start()) {
            Files.writeString(hold.dir().resolve("quotas.yaml"), Quotas.EXAMPLE.replace("quota: 2GB", "quota: lots"));
            CommandResult result = hold.cli("config", "check");
            assertEquals(2, result.code());
            assertEquals(1, result.err().lines().count(), result.err());
            assertTrue(result.err().contains("quotas.yaml: tiers.swabbie.quota: 'lots' is not a size"), result.err());
        }
    }

    @Test
    void aBadVariableFailsNamingIt() {
        try (TestHold hold = TestHold.builder().start()) {
            CommandResult result = hold.cliWith(java.util.Map.of("HOLD_PUBLIC", "perhaps"), "config", "check");
            assertEquals(2, result.code());
            assertEquals("error: HOLD_PUBLIC=perhaps: expected true or false", result.err().strip());
        }
    }

    @Test
    void anUnknownCommandPrintsUsage() {
        try (TestHold hold = TestHold.builder().start()) {
            CommandResult result = hold.cli("launch");
            assertEquals(64, result.code());
            assertTrue(result.err().contains("usage: java -jar hold.jar"));
            assertFalse(result.err().contains("Exception"));
        }
    }
}

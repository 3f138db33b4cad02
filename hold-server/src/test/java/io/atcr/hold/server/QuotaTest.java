package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import org.junit.jupiter.api.Test;

class QuotaTest {
    private static final String CAPTAIN = "did:plc:captaincaptaincaptaincap";
    private static final String BOB = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb";

    @Test
    void listTiersShowsTheConfiguredTiersInQuotaOrder() {
        try (TestHold hold = TestHold.builder().quotas(Quotas.EXAMPLE).start()) {
            JsonNode tiers = hold.get("/xrpc/io.atcr.hold.listTiers").json().path("tiers");
            assertEquals(3, tiers.size());
            assertEquals("swabbie", tiers.get(0).path("name").asText());
            assertEquals(2147483648L, tiers.get(0).path("quotaBytes").asLong());
            assertEquals("2 GB", tiers.get(0).path("quotaFormatted").asText());
            assertEquals("Starter storage", tiers.get(0).path("description").asText());
            assertEquals("bosun", tiers.get(2).path("name").asText());
        }
    }

    @Test
    void withQuotasOffThereAreNoTiersAndNoLimit() {
        try (TestHold hold = TestHold.builder().start()) {
            assertEquals(0, hold.get("/xrpc/io.atcr.hold.listTiers").json().path("tiers").size());
            JsonNode quota = hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + BOB).json();
            assertEquals(0, quota.path("totalSize").asLong());
            assertFalse(quota.has("tier"));
            assertFalse(quota.has("limit"));
        }
    }

    @Test
    void aNewUserHasNoUsageAndTheNewCrewTier() {
        try (TestHold hold = TestHold.builder().quotas(Quotas.EXAMPLE).start()) {
            JsonNode quota = hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + BOB).json();
            assertEquals(BOB, quota.path("userDid").asText());
            assertEquals(0, quota.path("uniqueBlobs").asLong());
            assertEquals(0, quota.path("totalSize").asLong());
            assertEquals("swabbie", quota.path("tier").asText());
            assertEquals(2147483648L, quota.path("limit").asLong());
        }
    }

    @Test
    void theCaptainHasNoLimit() {
        try (TestHold hold = TestHold.builder().quotas(Quotas.EXAMPLE).owner(CAPTAIN).start()) {
            JsonNode quota = hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + CAPTAIN).json();
            assertFalse(quota.has("limit"));
            assertFalse(quota.has("tier"));
        }
    }
}

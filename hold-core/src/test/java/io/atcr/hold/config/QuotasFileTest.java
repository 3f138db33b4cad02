package io.atcr.hold.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotasFileTest {
    private static final String TIERS = """
            tiers:
              swabbie:  { quota: 2GB, description: "Starter storage" }
              deckhand: { quota: 5GB, description: "Standard storage", stripe_price_yearly: price_d_y }
              bosun:    { quota: 10.5GB, stripe_price_monthly: price_b_m, stripe_price_yearly: price_b_y }
            defaults:
              new_crew_tier: swabbie
              plankowner_crew_tier: deckhand
            """;

    @TempDir
    Path dir;

    private Quotas load(String yaml) throws IOException {
        Path file = dir.resolve("quotas.yaml");
        Files.writeString(file, yaml);
        return QuotasFile.load(Environment.read(Map.of("HOLD_QUOTAS_PATH", file.toString(),
                "HOLD_PUBLIC_URL", "https://hold.example")));
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void aTabSaysTabsAreNotAllowedAndWhere() {
        String message = error("tiers:\n\tswabbie: { quota: 2GB }\n");
        assertTrue(message.contains("at line 2") && message.contains("tab"), message);
        assertTrue(message.contains("indents with spaces only"), message);
    }

    @Test
    void malformedYamlNamesTheLine() {
        String message = error("tiers:\n  swabbie: { quota: 2GB\n  deckhand: x\n");
        assertTrue(message.matches(".*quotas.yaml at line \\d+, column \\d+: not valid YAML: .*"), message);
    }

    @Test
    void aMissingFileNamedByTheVariableIsAnError() {
        String message = assertThrows(ConfigException.class, () -> QuotasFile.load(Environment.read(
                Map.of("HOLD_QUOTAS_PATH", dir.resolve("qoutas.yaml").toString())))).getMessage();
        assertTrue(message.startsWith("HOLD_QUOTAS_PATH=") && message.contains("no such file"), message);
    }

    @Test
    void theDefaultFileMissingTurnsQuotasAndBillingOff() {
        Quotas quotas = QuotasFile.load(Environment.read(Map.of())); // config/quotas.yaml, absent under the module
        assertFalse(quotas.tiers().quotasOn());
        assertFalse(quotas.billing().enabled());
    }

    @Test
    void theExampleFileLoads() throws IOException {
        Quotas quotas = QuotasFile.load(Environment.read(Map.of("HOLD_QUOTAS_PATH", "../config/quotas.yaml")));
        assertEquals(List.of("swabbie", "deckhand", "bosun"), quotas.tiers().tiers().stream().map(Tier::name).toList());
        assertFalse(quotas.billing().enabled());
    }

    @Test
    void tiersSizesAndPricesAreRead() throws IOException {
        Quotas quotas = load(TIERS);
        Tier bosun = quotas.tiers().find("bosun").orElseThrow();
        assertEquals(11274289152L, bosun.quotaBytes());
        assertEquals("price_b_m", bosun.priceId(Interval.MONTHLY).orElseThrow());
        assertTrue(quotas.tiers().find("swabbie").orElseThrow().free());
    }

    @Test
    void holdUrlExpandsInBillingUrls() throws IOException {
        Quotas quotas = load(TIERS + """
                billing:
                  enabled: true
                  success_url: "{hold_url}/billing/success"
                  allowed_return_origins: ["https://atcr.example/"]
                """);
        assertEquals("https://hold.example/billing/success", quotas.billing().successUrl());
        assertEquals("https://hold.example/billing/cancel", quotas.billing().cancelUrl());
        assertEquals("https://hold.example", quotas.billing().portalReturnUrl());
        assertEquals(List.of("https://atcr.example"), quotas.billing().allowedReturnOrigins());
        assertTrue(quotas.billing().enabled());
    }

    @Test
    void anUnknownDefaultTierIsNamed() {
        String message = error(TIERS.replace("new_crew_tier: swabbie", "new_crew_tier: admiral"));
        assertTrue(message.contains("quotas.yaml: defaults.new_crew_tier: unknown tier 'admiral'"), message);
    }

    @Test
    void aProductIdWhereAPriceIdBelongsIsNamed() {
        String message = error(TIERS.replace("price_d_y", "prod_Abc123"));
        assertTrue(message.contains("tiers.deckhand.stripe_price_yearly: 'prod_Abc123' is a Product ID"), message);
    }

    @Test
    void onePriceIdOnTwoTiersIsNamed() {
        String message = error(TIERS.replace("price_b_y", "price_d_y"));
        assertTrue(message.contains("tiers.bosun.stripe_price_yearly: Price ID price_d_y is already used by tiers.deckhand.stripe_price_yearly"), message);
    }

    @Test
    void aBadSizeIsNamed() {
        String message = error(TIERS.replace("quota: 2GB", "quota: 2XB"));
        assertTrue(message.contains("tiers.swabbie.quota: '2XB' is not a size"), message);
    }

    @Test
    void aTierNameLongerThanUpstreamsRecordsHoldIsNamed() {
        String longName = "a".repeat(33);
        String message = error(TIERS.replace("swabbie", longName));
        assertTrue(message.contains("tiers." + longName + ": a tier name is 1 to 32 lowercase letters"), message);
    }

    @Test
    void anUnknownKeyIsNamed() {
        String message = error(TIERS.replace("description: \"Starter storage\"", "descripton: \"typo\""));
        assertTrue(message.contains("tiers.swabbie.descripton: unknown key"), message);
        String topLevel = error(TIERS + "extras: 1\n");
        assertTrue(topLevel.contains(": extras: unknown key"), topLevel);
    }

    @Test
    void everyErrorNamesTheFile() {
        assertTrue(error("tiers: {}\n").startsWith(dir.resolve("quotas.yaml") + ": tiers: at least one tier"));
    }

    @Test
    void notAPriceIdAtAllIsNamed() {
        String message = error(TIERS.replace("price_d_y", "plan_123"));
        assertTrue(message.contains("'plan_123' is not a Stripe Price ID"), message);
    }

    @Test
    void malformedYamlIsNamed() {
        assertTrue(error("tiers: [\n").contains("not valid YAML"));
    }

    @Test
    void aBadCurrencyIsNamed() {
        assertTrue(error(TIERS + "billing:\n  currency: dollars\n").contains("billing.currency"));
    }

    @Test
    void defaultsFallBackToTheSmallestTier() throws IOException {
        Quotas quotas = load(TIERS.substring(0, TIERS.indexOf("defaults:")));
        assertEquals("swabbie", quotas.tiers().freeTier(false).orElseThrow().name());
        assertEquals("swabbie", quotas.tiers().freeTier(true).orElseThrow().name());
    }
}

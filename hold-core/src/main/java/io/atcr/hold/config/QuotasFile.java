package io.atcr.hold.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.atcr.hold.billing.BillingSettings;
import io.atcr.hold.tier.ByteSize;
import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads quotas.yaml. Every error names the file, the key and the reason, and stops the start.
 */
public final class QuotasFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** At most 32 characters: upstream's crew record and getQuota hold a tier name in 32. */
    private static final Pattern TIER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    private static final Map<String, Interval> PRICE_KEYS = Map.of(
            "stripe_price_monthly", Interval.MONTHLY, "stripe_price_yearly", Interval.YEARLY);

    private final Path file;
    private final String holdUrl;

    private QuotasFile(Path file, String holdUrl) {
        this.file = file;
        this.holdUrl = holdUrl;
    }

    /**
     * Loads the file at {@code config.quotasPath()}. The default file missing means quotas and billing are off; a file
     * named by {@code HOLD_QUOTAS_PATH} missing is an error, since a mistyped path would silently lift every limit.
     */
    public static Quotas load(HoldConfig config) {
        Path file = config.quotasPath();
        if (!Files.exists(file)) {
            if (config.quotasPathGiven()) {
                throw new ConfigException("HOLD_QUOTAS_PATH=" + file + ": no such file; fix the path, or unset the "
                        + "variable to run without quotas");
            }
            return new Quotas(TierPolicy.off(), BillingSettings.off(config.holdUrl()));
        }
        return new QuotasFile(file, config.holdUrl()).parse();
    }

    private Quotas parse() {
        JsonNode root = readTree();
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw error("(file)", "the file is empty; define at least one tier under 'tiers', or delete the file to turn quotas off");
        }
        requireObject(root, "(file)");
        knownKeys(root, "", Set.of("tiers", "defaults", "billing"));
        List<Tier> tiers = tiers(root.path("tiers"));
        JsonNode defaults = root.path("defaults");
        if (!defaults.isMissingNode()) {
            requireObject(defaults, "defaults");
            knownKeys(defaults, "defaults.", Set.of("new_crew_tier", "plankowner_crew_tier"));
        }
        String smallest = tiers.stream().min((a, b) -> Long.compare(a.quotaBytes(), b.quotaBytes())).orElseThrow().name();
        String newCrew = tierRef(tiers, defaults, "new_crew_tier", smallest);
        String plankowner = tierRef(tiers, defaults, "plankowner_crew_tier", newCrew);
        return new Quotas(TierPolicy.of(tiers, newCrew, plankowner), billing(root.path("billing")));
    }

    /** SnakeYAML's message, as one line: where the problem is (its last mark), and what it is. */
    private ConfigException yamlError(String message) {
        java.util.regex.Matcher mark = java.util.regex.Pattern.compile("line (\\d+), column (\\d+)").matcher(message);
        String where = "";
        while (mark.find()) {
            where = " at line " + mark.group(1) + ", column " + mark.group(2);
        }
        if (message.contains("\\t(TAB)") || message.contains("\t")) {
            return new ConfigException(file + where + ": not valid YAML: a tab character; YAML indents with spaces "
                    + "only, so replace the tabs with spaces");
        }
        String reason = message.lines().map(String::trim)
                .filter(l -> l.startsWith("found") || l.startsWith("expected") || l.startsWith("mapping values"))
                .findFirst().orElse(message.lines().findFirst().orElse("").trim());
        return new ConfigException(file + where + ": not valid YAML: " + reason);
    }

    private JsonNode readTree() {
        try {
            return YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw yamlError(e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the file: " + e.getMessage());
        }
    }

    private List<Tier> tiers(JsonNode node) {
        if (node.isMissingNode() || node.isNull() || (node.isObject() && node.isEmpty())) {
            throw error("tiers", "at least one tier is required");
        }
        requireObject(node, "tiers");
        List<Tier> tiers = new ArrayList<>();
        Map<String, String> priceOwners = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tiers.add(tier(entry.getKey(), entry.getValue(), priceOwners));
        }
        return tiers;
    }

    private Tier tier(String name, JsonNode node, Map<String, String> priceOwners) {
        String key = "tiers." + name;
        if (!TIER_NAME.matcher(name).matches()) {
            throw error(key, "a tier name is 1 to 32 lowercase letters, digits, '-' and '_'");
        }
        requireObject(node, key);
        Set<String> allowed = Set.of("quota", "description", "stripe_price_monthly", "stripe_price_yearly");
        knownKeys(node, key + ".", allowed);
        String quotaText = text(node, key + ".quota", null);
        if (quotaText == null) {
            throw error(key + ".quota", "missing; give a size such as 5GB");
        }
        long quota = ByteSize.parse(quotaText).orElseThrow(() -> error(key + ".quota",
                "'" + quotaText + "' is not a size; use a number and a unit B, KB, MB, GB, TB or PB, for example 2GB or 1.5TB"));
        Map<Interval, String> prices = new EnumMap<>(Interval.class);
        for (Map.Entry<String, Interval> priceKey : PRICE_KEYS.entrySet()) {
            String priceId = text(node, key + "." + priceKey.getKey(), null);
            if (priceId != null) {
                checkPriceId(key + "." + priceKey.getKey(), priceId, priceOwners);
                prices.put(priceKey.getValue(), priceId);
            }
        }
        return new Tier(name, quota, text(node, key + ".description", ""), prices);
    }

    private void checkPriceId(String key, String priceId, Map<String, String> owners) {
        if (priceId.startsWith("prod_")) {
            throw error(key, "'" + priceId + "' is a Product ID; use the Price ID (price_…) of the product's recurring price");
        }
        if (!priceId.startsWith("price_") || priceId.length() <= "price_".length()) {
            throw error(key, "'" + priceId + "' is not a Stripe Price ID; it must start with price_");
        }
        String previous = owners.putIfAbsent(priceId, key);
        if (previous != null) {
            throw error(key, "Price ID " + priceId + " is already used by " + previous + "; each tier and interval needs its own price");
        }
    }

    private String tierRef(List<Tier> tiers, JsonNode defaults, String name, String fallback) {
        String value = text(defaults, "defaults." + name, fallback);
        if (tiers.stream().noneMatch(t -> t.name().equals(value))) {
            throw error("defaults." + name, "unknown tier '" + value + "'; configured tiers are "
                    + tiers.stream().map(Tier::name).toList());
        }
        return value;
    }

    private BillingSettings billing(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return BillingSettings.off(holdUrl);
        }
        requireObject(node, "billing");
        knownKeys(node, "billing.", Set.of("enabled", "currency", "success_url", "cancel_url", "portal_return_url",
                "allowed_return_origins"));
        JsonNode enabled = node.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw error("billing.enabled", "expected true or false");
        }
        String currency = text(node, "billing.currency", "usd");
        if (!CURRENCY.matcher(currency).matches()) {
            throw error("billing.currency", "'" + currency + "' is not a three-letter lowercase ISO currency code like usd or eur");
        }
        return new BillingSettings(
                enabled.asBoolean(false),
                currency,
                url(node, "success_url", "{hold_url}/billing/success"),
                url(node, "cancel_url", "{hold_url}/billing/cancel"),
                url(node, "portal_return_url", "{hold_url}"),
                origins(node.path("allowed_return_origins")));
    }

    private String url(JsonNode node, String name, String fallback) {
        String key = "billing." + name;
        String value = text(node, key, fallback).replace("{hold_url}", holdUrl);
        URI uri = parseUri(key, value);
        if (!Origins.isHttpUrl(uri)) {
            throw error(key, "'" + value + "' is not an http or https URL");
        }
        return value;
    }

    private List<String> origins(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("billing.allowed_return_origins", "expected a list of origins like https://atcr.io");
        }
        List<String> origins = new ArrayList<>();
        for (JsonNode item : node) {
            String value = item.asText().replace("{hold_url}", holdUrl);
            URI uri = parseUri("billing.allowed_return_origins", value);
            if (!Origins.isBareOrigin(uri)) {
                throw error("billing.allowed_return_origins", "'" + value + "' is not an origin; write scheme://host[:port] without a path");
            }
            origins.add(Origins.of(uri));
        }
        return origins;
    }

    private URI parseUri(String key, String value) {
        try {
            return new URI(value);
        } catch (Exception e) {
            throw error(key, "'" + value + "' is not a URL");
        }
    }

    private String text(JsonNode parent, String key, String fallback) {
        JsonNode value = parent.path(key.substring(key.lastIndexOf('.') + 1));
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw error(key, "expected a single value, not a list or a map");
        }
        return value.asText().trim();
    }

    private void requireObject(JsonNode node, String key) {
        if (!node.isObject()) {
            throw error(key, "expected a map of keys");
        }
    }

    private void knownKeys(JsonNode node, String prefix, Set<String> allowed) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw error(prefix + name, "unknown key; allowed here: " + allowed.stream().sorted().toList());
            }
        });
    }

    private ConfigException error(String key, String reason) {
        return new ConfigException(file + ": " + key + ": " + reason);
    }
}

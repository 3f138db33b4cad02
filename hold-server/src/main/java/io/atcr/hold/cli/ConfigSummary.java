package io.atcr.hold.cli;

import io.atcr.hold.Hold;
import io.atcr.hold.billing.Billing;
import io.atcr.hold.billing.BillingSettings;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.config.S3Settings;
import io.atcr.hold.config.Secret;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.io.PrintStream;
import java.util.Optional;

/** What {@code config check} prints: every setting in force, secrets redacted. */
final class ConfigSummary {
    private final Hold hold;
    private final PrintStream out;

    ConfigSummary(Hold hold, PrintStream out) {
        this.hold = hold;
        this.out = out;
    }

    void print() {
        HoldConfig config = hold.config();
        row("hold DID", hold.identity().did());
        row("public URL", config.holdUrl());
        row("listen", config.listenAddress().host() + ":" + config.listenAddress().port());
        row("database", config.databaseFile().toString());
        row("captain", config.access().owner().orElse("(none: HOLD_OWNER is not set)"));
        row("public", String.valueOf(config.access().publicHold()));
        row("allow all crew", String.valueOf(config.access().allowAllCrew()));
        row("PLC directory", config.plcDirectoryUrl().toString());
        row("AppView", config.access().appView().map(did -> did + " (may set tiers with updateCrewTier)")
                .orElse("(none: HOLD_APPVIEW_DID is not set, updateCrewTier is off)"));
        config.access().successor().ifPresent(did -> row("successor", did));
        row("storage", config.storage() instanceof S3Settings s3 ? bucket(s3) : config.storage().describe());
        tiers(hold.quotas().tiers(), config);
        billing(hold.quotas().billing(), config.stripe());
    }

    private static String bucket(S3Settings s3) {
        return s3.describe() + "; presigned URLs for " + s3.presignTtl() + ", digests " + (s3.verifyDigest() ? "verified" : "NOT verified")
                + ", downloads " + (s3.proxyDownloads() ? "through the hold" : "redirected to the bucket")
                + ", credentials " + s3.keys().map(keys -> "AWS_ACCESS_KEY_ID " + keys.accessKeyId()
                        + ", AWS_SECRET_ACCESS_KEY " + keys.secretAccessKey().redacted()).orElse("from the AWS default chain");
    }

    private void tiers(TierPolicy tiers, HoldConfig config) {
        if (!tiers.quotasOn()) {
            row("quotas", "off (no file at " + config.quotasPath() + ")");
            return;
        }
        row("quotas", config.quotasPath().toString());
        for (Tier tier : tiers.tiers()) {
            row("  tier " + tier.name(), tier.quotaFormatted() + (tier.free() ? ", free" : ", prices " + tier.prices()));
        }
        row("  new crew tier", tiers.freeTier(false).map(Tier::name).orElseThrow());
        row("  plankowner tier", tiers.freeTier(true).map(Tier::name).orElseThrow());
    }

    private void billing(BillingSettings settings, HoldConfig.StripeSettings stripe) {
        if (hold.billing() instanceof Billing.Disabled disabled) {
            row("billing", "off");
            if (settings.enabled()) {
                out.println("warning: billing.enabled is true but billing stays off: " + disabled.reason());
            }
        } else {
            row("billing", "on, currency " + settings.currency());
            row("  success URL", settings.successUrl());
            row("  cancel URL", settings.cancelUrl());
            row("  portal return URL", settings.portalReturnUrl());
            row("  allowed return origins", settings.allowedReturnOrigins().toString());
        }
        row("STRIPE_SECRET_KEY", stripe.secretKey().map(Secret::redacted).orElse("(not set)"));
        row("STRIPE_WEBHOOK_SECRET", stripe.webhookSecret().map(Secret::redacted).orElse("(not set)"));
        row("STRIPE_PUBLISHABLE_KEY", stripe.publishableKey().orElse("(not set)"));
        row("STRIPE_API_BASE", stripe.apiBase().map(Object::toString).orElse("(Stripe's)"));
    }

    private void row(String name, String value) {
        out.printf("%-24s %s%n", name + ":", Optional.ofNullable(value).orElse(""));
    }
}

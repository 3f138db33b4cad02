package io.atcr.hold.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the environment says, read once at start by {@link Environment} and never changed.
 * Nullable components are exposed as {@link Optional} through the accessor methods below.
 */
public record HoldConfig(
        URI publicUrl,
        ListenAddress listenAddress,
        Path databaseDir,
        Path signingKeyPath,
        String ownerDid,
        boolean publicHold,
        boolean allowAllCrew,
        Path quotasPath,
        boolean quotasPathGiven,
        URI plcDirectoryUrl,
        Storage storage,
        boolean didWebAllowPrivate,
        Limits limits,
        String appViewDid,
        String successorDid,
        java.util.List<URI> relays,
        boolean blueskyPosts,
        StripeSettings stripe) {

    /**
     * @param maxPartSize   the largest upload part, in bytes ({@code HOLD_MAX_PART_SIZE})
     * @param gcGrace       how old an unreferenced blob must be before garbage collection deletes it
     * @param shutdownGrace how long SIGTERM lets requests in flight finish
     * @param firehoseRetention how long firehose events stay replayable ({@code HOLD_FIREHOSE_RETENTION})
     */
    public record Limits(long maxPartSize, java.time.Duration gcGrace, java.time.Duration shutdownGrace,
                         java.time.Duration firehoseRetention) {
    }

    /** The Stripe part of the environment; every field may be absent. */
    public record StripeSettings(Secret secretKey, Secret webhookSecret, String publishableKey, URI apiBase) {
        public Optional<Secret> secretKeyValue() {
            return Optional.ofNullable(secretKey);
        }

        public Optional<Secret> webhookSecretValue() {
            return Optional.ofNullable(webhookSecret);
        }

        public Optional<String> publishableKeyValue() {
            return Optional.ofNullable(publishableKey);
        }

        public Optional<URI> apiBaseValue() {
            return Optional.ofNullable(apiBase);
        }
    }

    /** Relays to ask to crawl the hold ({@code HOLD_RELAYS}); empty when none. */
    public java.util.List<URI> relayList() {
        return relays == null ? java.util.List.of() : relays;
    }

    public Optional<String> owner() {
        return Optional.ofNullable(ownerDid);
    }

    /** The AppView trusted to set tiers with {@code updateCrewTier} ({@code HOLD_APPVIEW_DID}). */
    public Optional<String> appView() {
        return Optional.ofNullable(appViewDid);
    }

    /** The hold this one has moved to ({@code HOLD_SUCCESSOR_DID}), published in the captain record. */
    public Optional<String> successor() {
        return Optional.ofNullable(successorDid);
    }

    /** The public URL without a trailing slash, as {@code {hold_url}} expands in quotas.yaml. */
    public String holdUrl() {
        String url = publicUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Path databaseFile() {
        return databaseDir.resolve("hold.db");
    }
}

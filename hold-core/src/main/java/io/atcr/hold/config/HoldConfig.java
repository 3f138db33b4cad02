package io.atcr.hold.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the environment says, read once at start by {@link Environment} and never changed. A setting that may be
 * absent is an {@link Optional} component; no component is null.
 */
public record HoldConfig(
        URI publicUrl,
        ListenAddress listenAddress,
        Path databaseDir,
        Path signingKeyPath,
        Access access,
        Path quotasPath,
        boolean quotasPathGiven,
        URI plcDirectoryUrl,
        Storage storage,
        boolean didWebAllowPrivate,
        Limits limits,
        java.util.List<URI> relays,
        StripeSettings stripe) {

    /**
     * Who the hold serves and what its captain record says.
     *
     * @param owner        the captain ({@code HOLD_OWNER})
     * @param appView      the AppView trusted to set tiers with {@code updateCrewTier} ({@code HOLD_APPVIEW_DID})
     * @param successor    the hold this one has moved to ({@code HOLD_SUCCESSOR_DID}), published in the captain record
     * @param blueskyPosts keep a Bluesky profile and post tagged pushes ({@code HOLD_BLUESKY_POSTS})
     */
    public record Access(Optional<String> owner, boolean publicHold, boolean allowAllCrew, Optional<String> appView,
                         Optional<String> successor, boolean blueskyPosts) {
    }

    /**
     * @param maxPartSize   the largest upload part, in bytes ({@code HOLD_MAX_PART_SIZE})
     * @param gcGrace       how old an unreferenced blob must be before garbage collection deletes it
     * @param shutdownGrace how long SIGTERM lets requests in flight finish
     * @param firehoseRetention how long firehose events stay replayable ({@code HOLD_FIREHOSE_RETENTION})
     */
    public record Limits(long maxPartSize, java.time.Duration gcGrace, java.time.Duration shutdownGrace,
                         java.time.Duration firehoseRetention) {
    }

    /** The Stripe part of the environment; every setting may be absent. */
    public record StripeSettings(Optional<Secret> secretKey, Optional<Secret> webhookSecret,
                                 Optional<String> publishableKey, Optional<URI> apiBase) {
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

package io.atcr.hold.storage;

import io.atcr.hold.db.Database;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.quota.Usage;
import io.atcr.hold.record.Tid;
import io.atcr.hold.tier.ByteSize;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.xrpc.XrpcException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code notifyManifest}: records one {@code io.atcr.hold.layer} record per new layer of a pushed manifest, and
 * checks the pusher's quota in the same transaction, so that a refused push records nothing. Thread-safe.
 */
public final class ManifestService {
    public static final String PUSH = "push";
    public static final String PULL = "pull";

    private final Database db;
    private final QuotaService quota;
    private final BlobStore store;
    private final Clock clock;
    private final Tid tid;

    public ManifestService(Database db, QuotaService quota, BlobStore store, Clock clock) {
        this.db = db;
        this.quota = quota;
        this.store = store;
        this.clock = clock;
        this.tid = new Tid(clock);
    }

    /**
     * Applies a notice from {@code callerDid}; {@code callerMayRead} says whether errors may tell whether a blob is
     * stored and its size (only to those who may read blobs).
     *
     * @throws XrpcException 403 {@code UserMismatch} when the caller is not {@code userDid}; 403 {@code QuotaExceeded}
     *                       when the push would take the user past their tier's limit (nothing is recorded then);
     *                       400 when a layer is malformed or its blob is not on this hold with that size
     */
    public ManifestNotice.Outcome notify(String callerDid, ManifestNotice notice, boolean callerMayRead) {
        if (!callerDid.equals(notice.userDid())) {
            throw XrpcException.forbidden("UserMismatch", "you are " + callerDid + " but the manifest names userDid "
                    + notice.userDid() + "; notify only for your own pushes");
        }
        String operation = notice.operation() == null ? PUSH : notice.operation();
        if (operation.equals(PULL)) {
            return new ManifestNotice.Outcome(true, operation, false, 0);
        }
        if (!operation.equals(PUSH)) {
            throw XrpcException.invalidRequest("'operation' must be push or pull, not '" + operation + "'");
        }
        Optional<Tier> tier = quota.tierOf(notice.userDid());
        // The blobs are checked under the database's write lock, which garbage collection takes to delete one: a
        // blob checked here stays until the records that name it are committed.
        int created = db.transaction(c -> record(c, notice, checkedLayers(notice, callerMayRead), tier));
        return new ManifestNotice.Outcome(true, operation, true, created);
    }

    private Map<String, ManifestNotice.Layer> checkedLayers(ManifestNotice notice, boolean callerMayRead) {
        Map<String, ManifestNotice.Layer> layers = new LinkedHashMap<>();
        for (ManifestNotice.Layer layer : notice.layers()) {
            Uploads.requireDigest(layer.digest());
            Optional<Long> stored = store.stat(layer.digest()).map(BlobInfo::size);
            if (stored.isPresent() && stored.get() == layer.size()) {
                layers.putIfAbsent(layer.digest(), layer);
            } else if (!callerMayRead) {
                throw XrpcException.badRequest("BlobNotFound", "no blob " + layer.digest() + " of " + layer.size()
                        + " bytes is stored on this hold; upload it before its manifest");
            } else if (stored.isEmpty()) {
                throw XrpcException.badRequest("BlobNotFound", "layer " + layer.digest()
                        + " is not on this hold; upload it before its manifest");
            } else {
                throw XrpcException.badRequest("SizeMismatch", "layer " + layer.digest() + " is " + stored.get()
                        + " bytes on this hold, not " + layer.size() + " as the manifest says");
            }
        }
        return layers;
    }

    private int record(Connection c, ManifestNotice notice, Map<String, ManifestNotice.Layer> layers,
                       Optional<Tier> tier) throws SQLException {
        String did = notice.userDid();
        Usage before = QuotaService.usage(c, did);
        int created = 0;
        long added = 0;
        for (ManifestNotice.Layer layer : layers.values()) {
            if (!recorded(c, did, layer.digest(), notice.repository())) {
                insert(c, notice, layer);
                if (QuotaService.countBlob(c, did, layer.digest(), layer.size())) {
                    added += layer.size();
                }
                created++;
            }
        }
        long after = before.totalSize() + added;
        // A user already over a lowered limit may still push layers they already store: only growth is refused.
        if (tier.isPresent() && after > tier.get().quotaBytes() && added > 0) {
            long limit = tier.get().quotaBytes();
            throw XrpcException.forbidden("QuotaExceeded", "this push would bring " + did + "'s storage to "
                    + after + " bytes (" + ByteSize.format(after) + "), over the " + limit
                    + " bytes (" + ByteSize.format(limit) + ") of tier " + tier.get().name() + "; current usage is "
                    + before.totalSize() + " bytes (" + ByteSize.format(before.totalSize())
                    + "). Nothing was recorded: remove images or move to a higher tier");
        }
        return created;
    }

    private static boolean recorded(Connection c, String did, String digest, String repository) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT 1 FROM layer WHERE user_did = ? AND digest = ? AND repository = ? LIMIT 1")) {
            st.setString(1, did);
            st.setString(2, digest);
            st.setString(3, repository);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void insert(Connection c, ManifestNotice notice, ManifestNotice.Layer layer) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO layer (rkey, digest, size, media_type, repository, "
                + "user_did, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, tid.next(c));
            st.setString(2, layer.digest());
            st.setLong(3, layer.size());
            st.setString(4, layer.mediaType());
            st.setString(5, notice.repository());
            st.setString(6, notice.userDid());
            st.setString(7, clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
            st.executeUpdate();
        }
    }
}

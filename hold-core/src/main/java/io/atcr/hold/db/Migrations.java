package io.atcr.hold.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as numbered steps. A step once released is never edited: a change is a new step at the end.
 * {@code PRAGMA user_version} records how many steps this database has.
 */
final class Migrations {
    private static final List<String> STEPS = List.of(
            // 1: captain metadata, crew, layers, applied billing events
            """
            CREATE TABLE hold_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE crew (
                member TEXT PRIMARY KEY,
                rkey TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                permissions TEXT NOT NULL,
                tier TEXT,
                plankowner INTEGER NOT NULL DEFAULT 0,
                added_at TEXT NOT NULL
            );
            CREATE TABLE layer (
                rkey TEXT PRIMARY KEY,
                digest TEXT NOT NULL,
                size INTEGER NOT NULL,
                media_type TEXT NOT NULL,
                repository TEXT NOT NULL,
                user_did TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE INDEX layer_user_digest ON layer (user_did, digest, size);
            CREATE TABLE billing_event (
                event_id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                applied_at TEXT NOT NULL
            );
            """,
            // 2: each user's distinct blobs and usage totals, kept by notifyManifest with the layer records, so that
            //    getQuota and the quota check read one row however many records a user has
            """
            CREATE TABLE user_blob (
                user_did TEXT NOT NULL,
                digest TEXT NOT NULL,
                size INTEGER NOT NULL,
                PRIMARY KEY (user_did, digest)
            ) WITHOUT ROWID;
            INSERT INTO user_blob (user_did, digest, size) SELECT user_did, digest, max(size) FROM layer GROUP BY user_did, digest;
            CREATE TABLE user_usage (
                user_did TEXT PRIMARY KEY,
                unique_blobs INTEGER NOT NULL,
                total_size INTEGER NOT NULL
            );
            INSERT INTO user_usage (user_did, unique_blobs, total_size)
                SELECT user_did, count(*), sum(size) FROM user_blob GROUP BY user_did;
            """,
            // 3: completed blobs with who stored them and when they were last stored or re-stored (by the hold's
            //    clock): a blob no layer record references is its uploader's pending bytes, and garbage after a grace
            """
            CREATE TABLE stored_blob (
                digest TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                uploader_did TEXT NOT NULL,
                stored_at TEXT NOT NULL
            );
            CREATE INDEX stored_blob_uploader ON stored_blob (uploader_did);
            CREATE INDEX layer_digest ON layer (digest);
            """,
            // 4: the tier each source set, kept apart (crew.tier is no longer read). A tier stored before came from
            //    Stripe when the hold ever applied a billing event, else from the operator.
            """
            CREATE TABLE crew_tier (
                member TEXT NOT NULL REFERENCES crew (member) ON DELETE CASCADE,
                source TEXT NOT NULL CHECK (source IN ('operator', 'stripe', 'appview')),
                tier TEXT NOT NULL,
                PRIMARY KEY (member, source)
            ) WITHOUT ROWID;
            INSERT INTO crew_tier (member, source, tier)
                SELECT member, CASE WHEN EXISTS (SELECT 1 FROM billing_event) THEN 'stripe' ELSE 'operator' END, tier
                FROM crew WHERE tier IS NOT NULL;
            """,
            // 5: each member's billing customer, so that Customer search is needed only when a row is missing;
            //    generation counts customers found deleted, so that a new one is made with a new idempotency key
            """
            CREATE TABLE billing_customer (
                user_did TEXT PRIMARY KEY,
                customer_id TEXT,
                generation INTEGER NOT NULL DEFAULT 0
            );
            """,
            // 6: upstream's shapes. A layer record names its manifest's AT-URI; records from before never kept which
            //    manifest they came from, so they name the user's manifest collection (a valid AT-URI that names no
            //    one manifest). Stats records count pushes and pulls per (owner, repository) under upstream's key.
            """
            ALTER TABLE layer ADD COLUMN manifest TEXT NOT NULL DEFAULT '';
            UPDATE layer SET manifest = 'at://' || user_did || '/io.atcr.manifest';
            CREATE INDEX layer_manifest ON layer (manifest, digest);
            CREATE TABLE repo_stats (
                rkey TEXT PRIMARY KEY,
                owner_did TEXT NOT NULL,
                repository TEXT NOT NULL,
                push_count INTEGER NOT NULL,
                pull_count INTEGER NOT NULL,
                last_push TEXT,
                last_pull TEXT,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX repo_stats_owner ON repo_stats (owner_did);
            """,
            // 7: the hold's signed repository: every block (records, MST nodes, commits) with the rev of the commit
            //    that first wrote it, each commit, and the firehose's events in sequence. The tables above stay the
            //    hold's working state; every change of a record is also a commit here, in the same transaction.
            """
            CREATE TABLE repo_block (cid TEXT PRIMARY KEY, bytes BLOB NOT NULL, rev TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX repo_block_rev ON repo_block (rev);
            CREATE TABLE repo_commit (rev TEXT PRIMARY KEY, cid TEXT NOT NULL, data TEXT NOT NULL,
                committed_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE repo_event (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, at TEXT NOT NULL,
                body BLOB NOT NULL);
            """,
            // 8: the hold's Bluesky posts (HOLD_BLUESKY_POSTS), one per tagged push, with the DID each mentions
            """
            CREATE TABLE bluesky_post (rkey TEXT PRIMARY KEY, mentions TEXT NOT NULL, text TEXT NOT NULL,
                created_at TEXT NOT NULL, value BLOB NOT NULL);
            CREATE INDEX bluesky_post_mentions ON bluesky_post (mentions);
            """,
            // 9: uploads whose parts go straight to a bucket (STORAGE_DRIVER=s3), kept here rather than in memory so
            //    that any hold on this database continues them. joined_size and joined_etag are set once the bucket
            //    joined the parts into the staging object, which a retried completion then verifies without rejoining.
            """
            CREATE TABLE bucket_upload (
                upload_id TEXT PRIMARY KEY,
                digest TEXT NOT NULL,
                initiator_did TEXT NOT NULL,
                started_at TEXT NOT NULL,
                staging_key TEXT NOT NULL,
                multipart_id TEXT NOT NULL,
                joined_size INTEGER,
                joined_etag TEXT
            );
            CREATE INDEX bucket_upload_initiator ON bucket_upload (initiator_did);
            """,
            // 10: blobs garbage collection decided to delete and whose object may not be gone yet. stored_blob is the
            //     truth about which blobs exist; a blob here has no row, and a completion of its digest is refused
            //     until the object is deleted and the entry removed.
            """
            CREATE TABLE blob_deletion (digest TEXT PRIMARY KEY, since TEXT NOT NULL) WITHOUT ROWID;
            """,
            // 11: one table of uploads in progress for every storage driver: who started which upload when, and where
            //     the driver keeps its bytes (location, handle: on S3 the staging key and multipart upload id). S3's
            //     rows move over; the filesystem driver's upload.properties files are no longer read (an upload in
            //     progress across the upgrade is started again by its client, and its folder swept after a day).
            """
            CREATE TABLE upload_session (
                upload_id TEXT PRIMARY KEY,
                digest TEXT NOT NULL,
                initiator_did TEXT NOT NULL,
                started_at TEXT NOT NULL,
                location TEXT,
                handle TEXT,
                joined_size INTEGER,
                joined_etag TEXT
            );
            INSERT INTO upload_session (upload_id, digest, initiator_did, started_at, location, handle, joined_size,
                joined_etag) SELECT upload_id, digest, initiator_did, started_at, staging_key, multipart_id, joined_size,
                joined_etag FROM bucket_upload;
            DROP TABLE bucket_upload;
            CREATE INDEX upload_session_initiator ON upload_session (initiator_did);
            CREATE INDEX upload_session_started ON upload_session (started_at);
            """,
            // 12: a completion writes its blob's row unconfirmed, checks the object outside any transaction, then
            //     confirms it: pushes see confirmed rows only, so none can name a blob a sweep deleted meanwhile.
            """
            ALTER TABLE stored_blob ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;
            """);

    private Migrations() {
    }

    static Void apply(Connection connection) throws SQLException {
        return applyUpTo(connection, STEPS.size());
    }

    /** Brings the schema to {@code target} steps (tests build older databases with it). */
    static Void applyUpTo(Connection connection, int target) throws SQLException {
        int version;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > STEPS.size()) {
            throw new DatabaseException("the database has schema version " + version + " but this hold knows only "
                    + STEPS.size() + "; run a newer hold or restore a backup", null);
        }
        for (int step = version; step < target; step++) {
            try (Statement st = connection.createStatement()) {
                for (String sql : STEPS.get(step).split(";")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
                st.execute("PRAGMA user_version = " + (step + 1));
            }
        }
        return null;
    }
}

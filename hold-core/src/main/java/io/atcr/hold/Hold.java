package io.atcr.hold;

import io.atcr.hold.billing.Billing;
import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.billing.BillingContext;
import io.atcr.hold.billing.CustomerDirectory;
import io.atcr.hold.billing.TierLedger;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.config.Quotas;
import io.atcr.hold.config.QuotasFile;
import io.atcr.hold.crew.AppViewTiers;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.db.Database;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.identity.HoldSigningKey;
import io.atcr.hold.identity.ServiceTokenVerifier;
import io.atcr.hold.manifest.LayerRecords;
import io.atcr.hold.manifest.ManifestService;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.record.HoldRecords;
import io.atcr.hold.repo.Events;
import io.atcr.hold.repo.Repository;
import io.atcr.hold.repo.RepositoryStart;
import io.atcr.hold.stats.StatsStore;
import io.atcr.hold.userdata.UserData;
import io.atcr.hold.config.S3Settings;
import io.atcr.hold.storage.BlobStore;
import io.atcr.hold.storage.BlobStoreProvider;
import io.atcr.hold.storage.FilesystemBlobStore;
import io.atcr.hold.storage.GarbageCollector;
import io.atcr.hold.storage.PartUrlSigner;
import io.atcr.hold.storage.UploadAllowance;
import io.atcr.hold.storage.UploadSessions;
import io.atcr.hold.storage.Uploads;
import io.atcr.hold.repo.RepositoryOwner;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hold's services, built once from its configuration: the database, the captain and crew, tiers and quota, records,
 * and billing when the build and the configuration allow it. Shared by {@code serve} and the command line.
 */
public final class Hold implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hold.class); // what closing fails to close
    private final HoldConfig config;
    private final Quotas quotas;
    private final Clock clock;
    private final Database database;
    private final HoldIdentity identity;
    private final Captain captain;
    private final CrewStore crew;
    private final QuotaService quota;
    private final HoldRecords records;
    private final Repository repository;
    private final Events events;
    private final BlueskyPresence bluesky;
    private final Opened opened;
    private final String firstStart;
    private final UserData userData;
    private final AppViewTiers appViewTiers;
    private final LayerRecords layers;
    private final TierLedger ledger;
    private final Billing billing;
    private final Uploads uploads;
    private final ManifestService manifests;
    private final GarbageCollector garbage;
    private final ServiceTokenVerifier serviceTokens;

    private Hold(HoldConfig config, Clock clock, Opened opened) {
        this.config = config;
        this.clock = clock;
        this.quotas = QuotasFile.load(config);
        boolean newDatabase = !Files.exists(config.databaseFile());
        boolean newKey = !Files.exists(config.signingKeyPath());
        this.database = opened.add(Database.open(config.databaseFile()));
        HoldSigningKey signingKey = startup("HOLD_SIGNING_KEY_PATH=" + config.signingKeyPath(),
                () -> HoldSigningKey.loadOrCreate(config.signingKeyPath()));
        this.identity = HoldIdentity.of(config.publicUrl(), config.holdUrl(), signingKey.publicKey());
        requireOwnDatabase(config, identity.did());
        this.firstStart = newDatabase || newKey ? "first start of " + identity.did() + ": made "
                + (newDatabase ? "a new database at " + config.databaseFile().toAbsolutePath().normalize() : "")
                + (newDatabase && newKey ? " and " : "")
                + (newKey ? "a new signing key at " + config.signingKeyPath().toAbsolutePath().normalize()
                + " (back it up: it signs the hold's repository)" : "") : null;
        HoldConfig.Access access = config.access();
        this.captain = new Captain(access.owner().orElse(null), identity.did(), access.publicHold(), access.allowAllCrew(),
                access.blueskyPosts(), config.storage() instanceof S3Settings s3 ? s3.region() : null,
                access.successor().orElse(null), deployedAt());
        this.bluesky = new BlueskyPresence(access.blueskyPosts(), identity.handle(), clock);
        this.repository = new Repository(identity.did(), signingKey, clock, database);
        this.events = new Events(database, clock, config.limits().firehoseRetention());
        this.crew = new CrewStore(database, clock, quotas.tiers(), repository);
        this.quota = new QuotaService(database, crew, quotas.tiers(), captain);
        this.layers = new LayerRecords(database);
        StatsStore stats = new StatsStore(database, clock);
        this.records = new HoldRecords(identity.did(), database, repository);
        this.ledger = new TierLedger(database, crew, clock);
        PartUrlSigner signer = startup("HOLD_DATABASE_DIR=" + config.databaseDir(),
                () -> PartUrlSigner.loadOrCreate(config.databaseDir()));
        UploadSessions sessions = new UploadSessions(database);
        BlobStore store = openStore(config, signer, sessions, clock);
        if (store instanceof AutoCloseable closeable) {
            opened.add(closeable);
        }
        this.uploads = new Uploads(store, sessions, signer, clock, database,
                new UploadAllowance(database, quota, store, sessions, config.limits().maxPartSize()));
        this.manifests = new ManifestService(database, quota, stats, repository, bluesky, clock);
        this.userData = new UserData(database, captain, crew, layers, stats, repository, clock);
        this.appViewTiers = new AppViewTiers(database, crew, quotas.tiers());
        this.garbage = new GarbageCollector(database, store, config.limits().gcGrace(), clock);
        this.serviceTokens = ServiceTokenVerifier.create(identity.did(), config.plcDirectoryUrl(), config.didWebAllowPrivate(), clock);
        this.billing = Billing.load(new BillingContext(config, identity, quotas.tiers(), quotas.billing(), captain,
                crew, quota, ledger, new CustomerDirectory(database), clock));
        if (billing instanceof Billing.Enabled enabled) {
            opened.add(enabled.service());
        }
        this.opened = opened;
    }

    /** A database serves one hold: refuses a public URL whose DID is not the one its records are signed for. */
    private void requireOwnDatabase(HoldConfig config, String did) {
        String owner = RepositoryOwner.claim(database, did);
        if (!owner.equals(did)) {
            throw new io.atcr.hold.config.ConfigException("HOLD_PUBLIC_URL=" + config.holdUrl() + ": the database at "
                    + config.databaseFile().toAbsolutePath().normalize() + " belongs to " + owner + ", whose records are "
                    + "signed for that DID, not to " + did + "; set HOLD_PUBLIC_URL back to that hold's URL, or give this "
                    + "hold a HOLD_DATABASE_DIR of its own");
        }
    }

    private BlobStore openStore(HoldConfig config, PartUrlSigner signer, UploadSessions sessions, Clock clock) {
        if (config.storage() instanceof io.atcr.hold.config.Storage.Filesystem filesystem) {
            return startup("STORAGE_ROOT_DIR=" + filesystem.root(), () -> new FilesystemBlobStore(
                    filesystem.root(), signer, config.holdUrl() + "/xrpc/io.atcr.hold.uploadPart"));
        }
        return java.util.ServiceLoader.load(BlobStoreProvider.class).stream().map(java.util.ServiceLoader.Provider::get)
                .filter(provider -> provider.driver().equals(config.storage().driver())).findFirst()
                .orElseThrow(() -> new io.atcr.hold.config.ConfigException("STORAGE_DRIVER=" + config.storage().driver()
                        + ": this build has no such storage driver; use the hold.jar built from this project, which has it"))
                .open(new BlobStoreProvider.Context(config, sessions, clock));
    }

    /** A start-up step whose file-system failure is a configuration error naming the variable behind it. */
    private static <T> T startup(String variable, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            String cause = e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName()
                    + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage()) + ")";
            throw new io.atcr.hold.config.ConfigException(variable + ": " + e.getMessage() + cause);
        }
    }

    /**
     * Opens the hold: reads quotas.yaml, opens and migrates the database, starts billing when enabled.
     *
     * @throws io.atcr.hold.config.ConfigException for a bad configuration, naming what is wrong
     */
    public static Hold open(HoldConfig config, Clock clock) {
        Opened opened = new Opened();
        try {
            return new Hold(config, clock, opened);
        } catch (RuntimeException e) {
            opened.close(); // a start that fails (say, billing refuses its configuration) leaves nothing open
            throw e;
        }
    }

    /** When this open made the database or the signing key: what it made, with full paths, for serve to say. */
    public java.util.Optional<String> firstStart() {
        return java.util.Optional.ofNullable(firstStart);
    }

    /**
     * What {@code serve} commits at start, and only serve: the captain record and profile as the configuration now
     * says, the firehose's identity and account events, and for a hold whose records predate its repository, the
     * first commit of them all. Answers why the stored repository cannot be read, when it cannot (serve then refuses
     * to start); nothing is committed then.
     */
    public java.util.Optional<String> bringRepositoryUpToDate() {
        return RepositoryStart.bringUpToDate(database, repository, events, identity.atprotoHandle().orElse(null), captain,
                quotas.tiers(), bluesky);
    }

    /**
     * For commands that write records: a hold whose records predate its repository commits them all first, so the
     * command's own commit never starts a repository without them. Commits nothing when the repository exists.
     */
    public void createRepositoryIfMissing() {
        RepositoryStart.createIfMissing(database, repository, captain, quotas.tiers(), bluesky);
    }

    /** The first start's time, kept in the database so the captain record stays the same across restarts. */
    private Instant deployedAt() {
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        return Instant.parse(database.transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT OR IGNORE INTO hold_meta (key, value) VALUES ('deployed_at', ?)")) {
                insert.setString(1, now);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT value FROM hold_meta WHERE key = 'deployed_at'");
                 ResultSet rs = select.executeQuery()) {
                return rs.getString(1);
            }
        }));
    }

    public HoldConfig config() {
        return config;
    }

    public Quotas quotas() {
        return quotas;
    }

    public Clock clock() {
        return clock;
    }

    public HoldIdentity identity() {
        return identity;
    }

    public Captain captain() {
        return captain;
    }

    public CrewStore crew() {
        return crew;
    }

    public QuotaService quota() {
        return quota;
    }

    public HoldRecords records() {
        return records;
    }

    /** The hold's database, for the parts of the server that read it directly (the repository's sync methods). */
    public Database database() {
        return database;
    }

    /** The hold's Bluesky profile and posts ({@code HOLD_BLUESKY_POSTS}). */
    public BlueskyPresence bluesky() {
        return bluesky;
    }

    /** The firehose's stored events. */
    public Events events() {
        return events;
    }

    /** The hold's signed repository. */
    public Repository repository() {
        return repository;
    }

    /** Layer records, read by manifest and by user. */
    public LayerRecords layers() {
        return layers;
    }

    /** exportUserData and deleteUserData. */
    public UserData userData() {
        return userData;
    }

    /** The AppView's tier source (updateCrewTier). */
    public AppViewTiers appViewTiers() {
        return appViewTiers;
    }

    public TierLedger ledger() {
        return ledger;
    }

    public Billing billing() {
        return billing;
    }

    public Uploads uploads() {
        return uploads;
    }

    /** Deletes unreferenced blobs past {@code HOLD_GC_GRACE}; see {@link GarbageCollector}. */
    public GarbageCollector garbage() {
        return garbage;
    }

    public ManifestService manifests() {
        return manifests;
    }

    /** Verifies callers' service tokens; see {@link ServiceTokenVerifier#verify}. */
    public ServiceTokenVerifier serviceTokens() {
        return serviceTokens;
    }

    /** Closes what the hold opened, the last opened first. */
    @Override
    public void close() {
        opened.close();
    }

    /** What a hold opened, closed in reverse order, each whatever the others do. */
    private static final class Opened implements AutoCloseable {
        private final java.util.Deque<AutoCloseable> resources = new java.util.ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            resources.push(resource);
            return resource;
        }

        @Override
        public void close() {
            while (!resources.isEmpty()) {
                AutoCloseable resource = resources.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }
}

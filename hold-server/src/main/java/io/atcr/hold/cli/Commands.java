package io.atcr.hold.cli;

import io.atcr.hold.Hold;
import io.atcr.hold.storage.BlobInfo;
import io.atcr.hold.storage.GarbageCollector;
import io.atcr.hold.tier.ByteSize;
import io.atcr.hold.billing.Billing;
import io.atcr.hold.billing.BillingService;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.Permission;
import io.atcr.hold.crew.TierChange;
import io.atcr.hold.crew.TierSource;
import io.atcr.hold.identity.Did;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/** The commands other than {@code serve}; each opens the hold, does one thing, and closes it. */
final class Commands {
    private final HoldConfig config;
    private final Clock clock;
    private final PrintStream out;

    Commands(HoldConfig config, Clock clock, PrintStream out) {
        this.config = config;
        this.clock = clock;
        this.out = out;
    }

    int crew(List<String> args) {
        String action = args.isEmpty() ? "" : args.get(0);
        try (Hold hold = Hold.open(config, clock)) {
            if (!action.equals("list")) {
                hold.createRepositoryIfMissing();
            }
            return switch (action) {
                case "add" -> crewAdd(hold, CrewAddOptions.parse(args.subList(1, args.size())));
                case "list" -> crewList(hold);
                case "remove" -> crewRemove(hold, args.subList(1, args.size()));
                default -> throw new UsageException("crew needs add, list or remove");
            };
        }
    }

    /** {@code gc [--dry-run]}: deletes unreferenced blobs past the grace, printing each and the bytes freed. */
    int gc(List<String> args) {
        boolean dryRun = args.equals(List.of("--dry-run"));
        if (!dryRun && !args.isEmpty()) {
            throw new UsageException("gc takes only --dry-run");
        }
        try (Hold hold = Hold.open(config, clock)) {
            GarbageCollector.Report report = hold.garbage().collect(dryRun);
            for (BlobInfo blob : report.collected()) {
                out.println((dryRun ? "would delete " : "deleted ") + blob.digest() + " " + blob.size() + " bytes");
            }
            out.println(report.collected().size() + " unreferenced blob(s) older than " + config.limits().gcGrace()
                    .toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ", " + report.bytes() + " bytes ("
                    + ByteSize.format(report.bytes()) + ")" + (dryRun ? " would be freed; nothing was deleted (--dry-run)" : " freed"));
            return 0;
        }
    }

    private int crewAdd(Hold hold, CrewAddOptions options) {
        requireDid(options.did());
        TierPolicy tiers = hold.quotas().tiers();
        if (options.tier() != null && tiers.find(options.tier()).isEmpty()) {
            throw new UsageException("unknown tier '" + options.tier() + "'; configured tiers: "
                    + (tiers.quotasOn() ? tiers.tiers().stream().map(Tier::name).toList() : "none (quotas are off)"));
        }
        if (options.role() != null && !CrewMember.isRole(options.role())) {
            throw new UsageException("unknown role '" + options.role() + "'; known: " + CrewMember.ROLES);
        }
        if (options.permissions() != null) {
            Permission.unknownIn(options.permissions()).ifPresent(p -> {
                throw new UsageException("unknown permission '" + p + "'; known: " + Permission.ALL);
            });
        }
        Optional<CrewMember> existing = hold.crew().find(options.did());
        CrewMember saved = hold.crew().save(options.did(),
                given(options.role(), existing.map(CrewMember::role), CrewMember.DEFAULT_ROLE),
                given(options.permissions(), existing.map(CrewMember::permissions), CrewMember.DEFAULT_PERMISSIONS),
                given(options.tier(), existing.flatMap(m -> m.tierFrom(TierSource.OPERATOR)), null),
                given(options.plankowner(), existing.map(CrewMember::plankowner), false));
        out.println((existing.isPresent() ? "updated " : "added ") + line(hold, saved));
        return 0;
    }

    /** The option when given, else the existing member's value, else the default. */
    private static <T> T given(T option, Optional<T> existing, T fallback) {
        return option != null ? option : existing.orElse(fallback);
    }

    private int crewList(Hold hold) {
        List<CrewMember> members = hold.crew().all();
        members.forEach(member -> out.println(line(hold, member)));
        if (members.isEmpty()) {
            out.println("no crew members");
        }
        return 0;
    }

    private int crewRemove(Hold hold, List<String> args) {
        if (args.size() != 1) {
            throw new UsageException("crew remove takes exactly one DID");
        }
        requireDid(args.get(0));
        if (!hold.crew().remove(args.get(0))) {
            out.println(args.get(0) + " is not crew of this hold; nothing removed");
            return 1;
        }
        out.println("removed " + args.get(0));
        return 0;
    }

    /** DID, role, effective tier, plankowner, and the tier each source set ({@code operator=bosun stripe=deckhand}). */
    private String line(Hold hold, CrewMember member) {
        String tier = hold.quota().tierOf(member.did()).map(Tier::name)
                .orElse(hold.captain().isCaptain(member.did()) ? "unlimited (captain)" : "unlimited");
        String sources = member.tierSources().isEmpty() ? "-" : member.tierSources().entrySet().stream()
                .map(e -> e.getKey().label() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(" "));
        return String.join("\t", member.did(), member.role(), tier, member.plankowner() ? "plankowner" : "-", sources);
    }

    int config(List<String> args) {
        if (!args.equals(List.of("check"))) {
            throw new UsageException("config takes one subcommand: check");
        }
        try (Hold hold = Hold.open(config, clock)) {
            new ConfigSummary(hold, out).print();
            List<String> storageProblems = hold.uploads().store().check();
            storageProblems.forEach(problem -> out.println("error: " + problem));
            if (!storageProblems.isEmpty()) {
                return 2;
            }
            if (hold.config().storage() instanceof io.atcr.hold.config.S3Settings s3) {
                out.println("storage: the bucket exists, and the credentials may put, list, get and delete objects under "
                        + s3.location());
            }
            if (hold.billing() instanceof Billing.Enabled enabled) {
                List<String> problems = enabled.service().checkConfiguration();
                problems.forEach(problem -> out.println("error: " + problem));
                if (!problems.isEmpty()) {
                    return 2; // a configuration error, as serve would exit for one
                }
                out.println("billing: every configured Price ID exists in Stripe and matches its interval");
            }
            out.println("configuration OK");
            return 0;
        }
    }

    int billing(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("sync") || args.size() > 2
                || (args.size() == 2 && !args.get(1).equals("--dry-run"))) {
            throw new UsageException("billing takes one subcommand: sync [--dry-run]");
        }
        boolean dryRun = args.size() == 2;
        try (Hold hold = Hold.open(config, clock)) {
            if (!(hold.billing() instanceof Billing.Enabled enabled)) {
                out.println("billing is off: " + ((Billing.Disabled) hold.billing()).reason());
                return 1;
            }
            if (!dryRun) {
                hold.createRepositoryIfMissing();
            }
            BillingService billing = enabled.service();
            List<TierChange> changes = billing.sync(dryRun);
            for (TierChange change : changes) {
                out.println((dryRun ? "would change " : "changed ") + change.did() + ": "
                        + Optional.ofNullable(change.oldTier()).orElse("(free)") + " -> "
                        + Optional.ofNullable(change.newTier()).orElse("(free)"));
            }
            out.println(changes.size() + " change(s)" + (dryRun ? " found; nothing was written (--dry-run)" : " applied"));
            return 0;
        }
    }

    /**
     * Probes the storage as {@code config check} does, beside the start (a bucket that is slow to answer must not hold
     * it up, and one that is down must not stop it: its requests answer 503 until it is back); problems are warnings.
     */
    static void warnIfStorageFails(Hold hold, Logger log) {
        Thread probe = new Thread(() -> {
            try {
                hold.uploads().store().check().forEach(problem -> log.warn("storage: {}", problem));
            } catch (RuntimeException e) {
                log.warn("storage: the start-up check failed: {}", e.getMessage());
            }
        }, "storage-check");
        probe.setDaemon(true);
        probe.start();
    }

    static void warnIfBillingOff(Hold hold, Logger log) {
        if (hold.billing() instanceof Billing.Disabled disabled && hold.quotas().billing().enabled()) {
            log.warn("billing.enabled is true but billing stays off: {}", disabled.reason());
        }
    }

    private static void requireDid(String did) {
        if (!Did.isResolvable(did)) {
            throw new UsageException("'" + did + "' is not a DID this hold can resolve; expected did:plc: and 24 "
                    + "lowercase base32 characters, or did:web: and a host name");
        }
    }

    /** The options of {@code crew add}; options not given (null) keep an existing member's values. */
    record CrewAddOptions(String did, String tier, Boolean plankowner, String role, List<String> permissions) {
        static CrewAddOptions parse(List<String> args) {
            if (args.isEmpty() || args.get(0).startsWith("--")) {
                throw new UsageException("crew add needs a DID");
            }
            String tier = null;
            Boolean plankowner = null;
            String role = null;
            List<String> permissions = null;
            for (int i = 1; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--tier" -> tier = value(args, ++i, "--tier");
                    case "--role" -> role = value(args, ++i, "--role");
                    case "--permissions" -> permissions = Arrays.stream(value(args, ++i, "--permissions").split(","))
                            .map(String::trim).filter(p -> !p.isEmpty()).toList();
                    case "--plankowner" -> plankowner = true;
                    case "--no-plankowner" -> plankowner = false;
                    default -> throw new UsageException("unknown option '" + args.get(i) + "' for crew add");
                }
            }
            return new CrewAddOptions(args.get(0), tier, plankowner, role, permissions);
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) {
                throw new UsageException(option + " needs a value");
            }
            return args.get(index);
        }
    }
}

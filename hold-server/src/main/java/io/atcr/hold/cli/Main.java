package io.atcr.hold.cli;

import io.atcr.hold.Hold;
import io.atcr.hold.config.ConfigException;
import io.atcr.hold.config.Environment;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.db.DatabaseException;
import io.atcr.hold.db.ServeLock;
import io.atcr.hold.server.HoldServer;
import io.atcr.hold.failure.Failure;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import sun.misc.Signal;
import org.slf4j.LoggerFactory;

/** {@code java -jar hold.jar [serve | crew … | config check | billing sync]}. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    static final String USAGE = """
            usage: java -jar hold.jar [command]
              serve                                  run the hold until SIGTERM (the default)
              crew add DID [--tier T] [--plankowner | --no-plankowner] [--role R] [--permissions p,q]
              crew list                              one line per member: DID, role, effective tier, plankowner
              crew remove DID
              config check                           validate all configuration and print a summary
              gc [--dry-run]                         delete blobs no layer record references, older than HOLD_GC_GRACE
              billing sync [--dry-run]               (billing builds) recompute subscribers' tiers from Stripe
              repo export [FILE]                     the hold's signed repository as a CAR (standard output without FILE)
              repo verify                            check every block, the MST, the commit signature and the records
              repo import FILE                       replace the records with a verified repo export of this hold
            """;

    private Main() {
    }

    public static void main(String[] args) {
        List<String> command = Arrays.asList(args);
        if (command.isEmpty() || command.get(0).equals("serve")) {
            int code = serve(System.getenv());
            if (code != 0) {
                System.exit(code);
            }
            return; // after SIGTERM the JVM is already shutting down
        }
        System.exit(run(command, System.getenv(), Clock.systemUTC(), System.out, System.err));
    }

    /** Runs one command that is not {@code serve}; returns the process exit code. */
    public static int run(List<String> args, Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        try {
            HoldConfig config = Environment.read(env);
            Commands commands = new Commands(config, clock, out);
            return switch (args.isEmpty() ? "" : args.get(0)) {
                case "crew" -> commands.crew(args.subList(1, args.size()));
                case "config" -> commands.config(args.subList(1, args.size()));
                case "billing" -> commands.billing(args.subList(1, args.size()));
                case "gc" -> commands.gc(args.subList(1, args.size()));
                case "repo" -> new RepoCommands(config, clock, out, err).run(args.subList(1, args.size()));
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + String.join(" ", args) + "'");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 64;
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (DatabaseException | Failure | java.io.UncheckedIOException | io.atcr.hold.repo.RepositoryDamaged e) {
            // Failure: billing commands reach Stripe, which may fail; the message says what to do.
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(Map<String, String> env) {
        HoldConfig config;
        ServeLock lock;
        try {
            config = Environment.read(env);
            lock = ServeLock.acquire(config.databaseDir());
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Hold hold;
        HoldServer server;
        try {
            hold = Hold.open(config, Clock.systemUTC());
        } catch (ConfigException | DatabaseException e) {
            lock.close();
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            server = HoldServer.start(hold);
        } catch (ConfigException | DatabaseException e) {
            hold.close();
            lock.close();
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Commands.warnIfBillingOff(hold, log);
        Commands.warnIfStorageFails(hold, log);
        hold.identity().notIndexedBecause().ifPresent(why -> log.warn("HOLD_PUBLIC_URL={}: relays and AppViews will not "
                + "index this hold: {}; serve it at https://HOST-NAME on port 443 (docs/repository.md)", config.holdUrl(), why));
        if (!hold.quotas().tiers().quotasOn()) {
            log.warn("no tier file at {}: quotas and billing are off, and nobody has a limit", config.quotasPath());
        }
        CountDownLatch stop = onSignal();
        hold.firstStart().ifPresent(log::info);
        log.info(StartLine.of(hold, server.port()));
        await(stop);
        log.info("shutting down: letting requests in flight finish for up to {} s",
                config.limits().shutdownGrace().toSeconds());
        server.close();
        hold.close();
        lock.close();
        log.info("stopped");
        System.exit(0);
        return 0;
    }

    /**
     * SIGTERM and SIGINT, from before the start line on, open this latch instead of ending the JVM: requests in flight
     * get their grace, and the exit code is 0 (the JVM's own handling would cut them and exit 143).
     */
    private static CountDownLatch onSignal() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> stop.countDown());
        }
        return stop;
    }

    private static void await(CountDownLatch stop) {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

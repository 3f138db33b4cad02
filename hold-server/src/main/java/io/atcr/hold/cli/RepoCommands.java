package io.atcr.hold.cli;

import io.atcr.hold.Hold;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.repo.RepoExport;
import io.atcr.hold.repo.RepoImport;
import io.atcr.hold.repo.RepositoryStart;
import io.atcr.hold.repo.RepoVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;

/** {@code repo export [FILE]}, {@code repo verify} and {@code repo import FILE}: the hold's signed repository. */
final class RepoCommands {
    private final HoldConfig config;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    RepoCommands(HoldConfig config, Clock clock, PrintStream out, PrintStream err) {
        this.config = config;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        String action = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.subList(Math.min(1, args.size()), args.size());
        try (Hold hold = Hold.open(config, clock)) {
            return switch (action) {
                case "export" -> export(hold, rest);
                case "verify" -> verify(hold, rest);
                case "import" -> importCar(hold, rest);
                default -> throw new UsageException("repo needs export [FILE], verify or import FILE");
            };
        }
    }

    /** The whole repository as a CAR, to FILE (written whole, then moved into place) or to standard output. */
    private int export(Hold hold, List<String> args) {
        if (args.size() > 1) {
            throw new UsageException("repo export takes at most one FILE");
        }
        RepoExport export = new RepoExport(hold.database(), hold.repository());
        try {
            if (args.isEmpty()) {
                export.writeRepo(out);
                out.flush();
                return 0;
            }
            Path file = Path.of(args.get(0)).toAbsolutePath();
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream stream = Files.newOutputStream(tmp)) {
                export.writeRepo(stream);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            err.println("exported the repository of " + hold.identity().did() + " at rev " + export.head().rev()
                    + " to " + file + " (" + Files.size(file) + " bytes)");
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
        }
    }

    /** Replaces the hold's records with a verified backup of its own repository, in one transaction. */
    private int importCar(Hold hold, List<String> args) {
        if (args.size() != 1) {
            throw new UsageException("repo import takes the FILE of a repo export");
        }
        byte[] car;
        try {
            car = Files.readAllBytes(Path.of(args.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + args.get(0) + ": " + e.getMessage(), e);
        }
        try {
            RepoImport.Result result = RepoImport.importCar(hold.database(), hold.repository(), hold.identity().signingKey(),
                    RepositoryStart.startRecords(hold.captain(), hold.bluesky()), car);
            out.println("imported " + result.records() + " into " + hold.identity().did() + ", now at rev " + result.head().rev());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: nothing was imported: " + e.getMessage());
            return 1;
        }
    }

    private int verify(Hold hold, List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("repo verify takes no arguments");
        }
        RepoVerifier.Report report = RepoVerifier.verify(hold.database(), hold.identity().did(),
                hold.identity().signingKey(), hold.captain(), hold.quotas().tiers(), hold.bluesky());
        report.problems().forEach(problem -> err.println("problem: " + problem));
        if (!report.ok()) {
            err.println("repository NOT verified: " + report.problems().size() + " problem(s)");
            return 1;
        }
        out.println("repository verified: " + hold.identity().did() + " at rev " + report.rev() + ", "
                + report.records() + " records, every block matches its CID, the MST is canonical, the commit is "
                + "signed by the DID document's key, and the records are the hold's");
        return 0;
    }
}

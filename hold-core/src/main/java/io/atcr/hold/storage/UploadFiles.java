package io.atcr.hold.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/** The folders of uploads in progress: ids, their {@code upload.properties}, and part file names. */
final class UploadFiles {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UploadFiles.class);
    private static final Pattern ETAG = Pattern.compile("[0-9a-f]{32}");
    private static final String META = "upload.properties";
    /** The file in-order parts are appended to; {@code part-N.ETAG.seg} files say where each lies in it. */
    static final String DATA = "data";

    private final Path root;

    UploadFiles(Path root) {
        this.root = root;
    }

    static boolean validEtag(String etag) {
        return etag != null && ETAG.matcher(etag).matches();
    }

    static Path part(Path dir, int partNumber, String etag) {
        return dir.resolve("part-" + partNumber + "." + etag);
    }

    static Path segment(Path dir, int partNumber, String etag) {
        return dir.resolve("part-" + partNumber + "." + etag + ".seg");
    }

    /** Where a stored part's bytes are, when it is stored with this etag. */
    Optional<Joiner.Source> source(Path dir, int partNumber, String etag) {
        Path file = part(dir, partNumber, etag);
        try {
            if (Files.isRegularFile(file)) {
                return Optional.of(new Joiner.Source(file, 0, Files.size(file), true));
            }
            String[] range = Files.readString(segment(dir, partNumber, etag)).trim().split(" ");
            return Optional.of(new Joiner.Source(dir.resolve(DATA), Long.parseLong(range[0]), Long.parseLong(range[1]), false));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageFailure.of("reading part " + partNumber, e);
        }
    }

    void create(PendingUpload upload) throws IOException {
        Path dir = root.resolve(upload.uploadId());
        Files.createDirectory(dir);
        Properties meta = new Properties();
        meta.setProperty("digest", upload.digest());
        meta.setProperty("initiator", upload.initiatorDid());
        meta.setProperty("startedAt", upload.startedAt().toString());
        Path tmp = dir.resolve(META + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            meta.store(out, null);
        }
        Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The upload's folder, when the id is well formed and the upload exists. */
    Optional<Path> dir(String uploadId) {
        if (!UploadIds.valid(uploadId)) {
            return Optional.empty();
        }
        Path dir = root.resolve(uploadId);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    Optional<PendingUpload> find(String uploadId) {
        return dir(uploadId).flatMap(dir -> read(uploadId, dir));
    }

    private static Optional<PendingUpload> read(String uploadId, Path dir) {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(META))) {
            meta.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageFailure.of("reading upload " + uploadId, e);
        }
        String digest = meta.getProperty("digest");
        String initiator = meta.getProperty("initiator");
        String startedAt = meta.getProperty("startedAt");
        if (digest == null || initiator == null || startedAt == null) {
            return Optional.empty(); // a start cut short
        }
        try {
            return Optional.of(new PendingUpload(uploadId, digest, initiator, Instant.parse(startedAt)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Every upload folder; one without readable metadata (a start cut short) counts as started at the epoch. */
    List<PendingUpload> all() {
        List<PendingUpload> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (UploadIds.valid(id)) {
                    out.add(read(id, dir).orElse(new PendingUpload(id, null, null, Instant.EPOCH)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return out;
    }

    /** The bytes of the parts stored in an upload's folder: part files, and the ranges segment files name. */
    long storedBytes(Path dir) {
        long total = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "part-*")) {
            for (Path p : parts) {
                String name = p.getFileName().toString();
                if (name.endsWith(".seg")) {
                    String[] range = Files.readString(p).trim().split(" ");
                    total += Long.parseLong(range[1]);
                } else if (!name.endsWith(".tmp")) {
                    total += Files.size(p);
                }
            }
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException | RuntimeException e) {
            // A part written or removed while counted: count what could be read; the next check counts again.
            log.debug("counting parts in {}: {}", dir, e.getMessage());
        }
        return total;
    }

    /** Removes earlier stored versions of a part, so that the one just stored is the only one. */
    void removeOtherVersions(Path dir, int partNumber, String keepEtag) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "part-" + partNumber + ".*")) {
            for (Path p : parts) {
                String etag = p.getFileName().toString().substring(("part-" + partNumber + ".").length())
                        .replaceFirst("\\.seg$", "");
                if (validEtag(etag) && !etag.equals(keepEtag)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}

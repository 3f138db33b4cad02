package io.atcr.hold.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The folders of uploads in progress, one per upload id, and the names of the part files in them. */
final class UploadFiles {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UploadFiles.class);
    private static final Pattern ETAG = Pattern.compile("[0-9a-f]{32}");
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

    /** Makes the upload's folder. */
    void create(String uploadId) throws IOException {
        Files.createDirectory(root.resolve(uploadId));
    }

    /** The upload's folder, when the id is well formed and the folder exists. */
    Optional<Path> dir(String uploadId) {
        if (!UploadIds.valid(uploadId)) {
            return Optional.empty();
        }
        Path dir = root.resolve(uploadId);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** Every upload folder, with its id. */
    List<Path> folders() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (UploadIds.valid(dir.getFileName().toString()) && Files.isDirectory(dir)) {
                    out.add(dir);
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

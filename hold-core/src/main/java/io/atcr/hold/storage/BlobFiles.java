package io.atcr.hold.storage;

import io.atcr.hold.failure.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The folder of stored blobs, {@code sha256/ab/abcd…}: one file per digest, put in place by an atomic rename. */
final class BlobFiles {
    private final Path root;

    BlobFiles(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
    }

    Path path(String digest) {
        String hex = Digests.hex(digest);
        return root.resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** Moves a verified file into place as the blob {@code digest} (replacing one there) and makes the move durable. */
    void publish(Path verified, String digest) throws IOException {
        Path target = path(digest);
        Files.createDirectories(target.getParent());
        Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    Optional<BlobInfo> stat(String digest) {
        Path path = path(digest);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BlobInfo(digest, Files.size(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageFailure.of("looking up " + digest, e);
        }
    }

    SeekableByteChannel open(String digest) {
        try {
            return FileChannel.open(path(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw Failure.notFound("BlobNotFound", "this hold has no blob " + digest);
        } catch (IOException e) {
            throw StorageFailure.of("opening " + digest, e);
        }
    }

    void forEach(Consumer<ListedBlob> each) {
        try (Stream<Path> walk = Files.walk(root, 2)) {
            walk.filter(p -> p.getNameCount() - root.getNameCount() == 2 && Digests.valid("sha256:" + p.getFileName()))
                    .forEach(p -> listed(p).ifPresent(each));
        } catch (IOException e) {
            throw StorageFailure.of("listing the stored blobs", e);
        } catch (UncheckedIOException e) {
            throw StorageFailure.of("listing the stored blobs", e.getCause());
        }
    }

    private static Optional<ListedBlob> listed(Path file) {
        try {
            return Optional.of(new ListedBlob("sha256:" + file.getFileName(), Files.size(file),
                    Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException gone) {
            return Optional.empty(); // deleted while listed
        }
    }

    boolean delete(String digest) {
        try {
            return Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw StorageFailure.of("deleting " + digest, e);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename durable; some filesystems cannot open a folder for this, which is harmless.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }
}

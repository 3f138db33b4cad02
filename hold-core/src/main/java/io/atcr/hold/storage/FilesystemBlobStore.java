package io.atcr.hold.storage;

import io.atcr.hold.failure.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filesystem driver. Under its root, {@code sha256/ab/abcd…} holds each blob once, by digest, and
 * {@code uploads/ID/} holds the bytes of an upload in progress (which {@link UploadSessions} records): one file
 * per stored part ({@code part-N.ETAG}), or in-order parts appended to one data file. Files are written under a temporary name and renamed into place, so a blob or part is
 * visible only whole; a blob only once its SHA-256 matched.
 */
public final class FilesystemBlobStore implements BlobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FilesystemBlobStore.class);

    private final BlobFiles blobs;
    private final Path uploads;
    private final UploadFiles files;
    private final PartChain chain = new PartChain();
    private final PartUrlSigner signer;
    private final String partUrlBase;
    private final ExecutorService flusher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "blob-flush");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param partUrlBase the URL parts are PUT to, {@code HOLD_PUBLIC_URL/xrpc/io.atcr.hold.uploadPart}
     */
    public FilesystemBlobStore(Path root, PartUrlSigner signer, String partUrlBase) {
        this.uploads = root.resolve("uploads");
        this.signer = signer;
        this.partUrlBase = partUrlBase;
        try {
            this.blobs = new BlobFiles(root.resolve("sha256"));
            Files.createDirectories(uploads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the storage folders under " + root, e);
        }
        this.files = new UploadFiles(uploads);
    }

    @Override
    public PendingUpload openUpload(PendingUpload upload) {
        try {
            files.create(upload.uploadId());
        } catch (IOException e) {
            throw StorageFailure.of("starting an upload", e);
        }
        return upload;
    }

    @Override
    public PartTarget partTarget(PendingUpload upload, int partNumber, Instant expires) {
        String uploadId = upload.uploadId();
        long exp = expires.getEpochSecond();
        String url = partUrlBase + "?uploadId=" + uploadId + "&partNumber=" + partNumber + "&expires=" + exp
                + "&sig=" + signer.sign(uploadId, partNumber, exp);
        return new PartTarget(url, "PUT", Map.of());
    }

    @Override
    public String writePart(PendingUpload upload, int partNumber, InputStream bytes, long maxBytes) {
        String uploadId = upload.uploadId();
        Path dir = files.dir(uploadId).orElseThrow(() -> UploadIds.notFound(uploadId));
        Path data = dir.resolve(UploadFiles.DATA);
        String etag = HexFormat.of().formatHex(UploadIds.random(16));
        PartChain.Start start = chain.begin(uploadId, partNumber, sizeOf(data));
        Path tmp = dir.resolve("part-" + partNumber + "." + etag + (start.append() ? ".seg.tmp" : ".tmp"));
        long length = -1;
        boolean stored = false;
        try {
            if (start.append()) {
                try (FileChannel out = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    out.position(start.offset());
                    try {
                        length = new StreamCopy(flusher, () -> flushQuietly(data)).copy(bytes, out, start.digest(), maxBytes);
                    } finally {
                        if (length < 0) {
                            out.truncate(start.offset()); // the data file ends where the chain ends again
                        }
                    }
                }
                Files.writeString(tmp, start.offset() + " " + length);
            } else {
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    length = new StreamCopy(flusher, () -> flushQuietly(tmp)).copy(bytes, out, null, maxBytes);
                }
            }
            synchronized (chain) {
                Files.move(tmp, start.append() ? UploadFiles.segment(dir, partNumber, etag)
                        : UploadFiles.part(dir, partNumber, etag), StandardCopyOption.ATOMIC_MOVE);
                files.removeOtherVersions(dir, partNumber, etag);
                chain.finish(uploadId, partNumber, start, etag, length);
                stored = true;
            }
            return etag;
        } catch (StreamCopy.Overflow e) {
            throw new PartOverflow(maxBytes);
        } catch (StreamCopy.ReadFailure e) {
            throw Failure.badRequest("IncompletePart", "part " + partNumber
                    + " could not be read to its end (" + e.getMessage() + "); send it again");
        } catch (NoSuchFileException gone) {
            throw UploadIds.notFound(uploadId);
        } catch (IOException e) {
            throw StorageFailure.of("storing part " + partNumber, e);
        } finally {
            deleteQuietly(tmp);
            if (!stored) {
                chain.finish(uploadId, partNumber, start, null, -1); // releases the append
            }
        }
    }

    @Override
    public long partBytes(PendingUpload upload) {
        return files.dir(upload.uploadId()).map(files::storedBytes).orElse(0L);
    }

    /** Asks the disk to write out what it has of {@code file}; a failure only means the completion's fsync does more. */
    private static void flushQuietly(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        } catch (IOException e) {
            log.debug("background flush of {}: {}", file, e.getMessage());
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public BlobInfo complete(PendingUpload upload, List<CompletedPart> parts, java.util.function.LongConsumer admit) {
        String uploadId = upload.uploadId();
        Path dir = files.dir(uploadId).orElseThrow(() -> UploadIds.notFound(uploadId));
        List<Joiner.Source> sources = sources(dir, parts);
        Optional<BlobInfo> existing = stat(upload.digest());
        long size = sources.stream().mapToLong(Joiner.Source::length).sum();
        admit.accept(size);
        if (existing.isPresent() && existing.get().size() == size) {
            discard(uploadId); // the same bytes are already here, verified: nothing to join
            return existing.get();
        }
        // A stored blob of another size cannot be these bytes: join and verify, and a match replaces it.
        PartChain.Covered covered = chain.covered(uploadId, parts);
        Path joined = dir.resolve("join-" + uploadId + ".tmp");
        try {
            Joiner.Result result;
            Path blob;
            if (covered.parts() == parts.size()) {
                // Every part was appended in order: the data file, cut at the last part's end, is the blob.
                blob = dir.resolve(UploadFiles.DATA);
                result = Joiner.finishChain(blob, covered);
            } else if (sources.size() == 1 && sources.get(0).whole()) {
                blob = sources.get(0).path();
                result = new Joiner(sources, covered).joinInto(null, upload.digest());
            } else {
                blob = joined;
                result = new Joiner(sources, covered).joinInto(joined, upload.digest());
            }
            if (!result.digest().equals(upload.digest())) {
                discard(uploadId);
                throw Failure.badRequest("InvalidDigest", "the parts hash to " + result.digest() + ", not "
                        + upload.digest() + "; nothing was stored and the upload is gone, so start a new one");
            }
            blobs.publish(blob, upload.digest());
            discard(uploadId);
            return new BlobInfo(upload.digest(), result.size());
        } catch (IOException e) {
            deleteQuietly(joined);
            throw StorageFailure.of("joining the parts of upload " + uploadId, e);
        }
    }

    /** Where each listed part's bytes are: a file of its own, or a range of the data file. */
    private List<Joiner.Source> sources(Path dir, List<CompletedPart> parts) {
        List<Joiner.Source> sources = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (CompletedPart part : parts) {
            Optional<Joiner.Source> source = UploadFiles.validEtag(part.etag())
                    ? files.source(dir, part.partNumber(), part.etag()) : Optional.empty();
            source.ifPresentOrElse(sources::add, () -> missing.add(part.partNumber()));
        }
        if (!missing.isEmpty()) {
            throw Failure.badRequest("MissingParts", "parts " + missing + " are not stored with the etags given; "
                    + "upload them (or pass the etags uploadPart answered) and complete again");
        }
        return sources;
    }

    @Override
    public boolean holds(PendingUpload upload) {
        return files.dir(upload.uploadId()).isPresent();
    }

    @Override
    public void discard(PendingUpload upload) {
        discard(upload.uploadId());
    }

    @Override
    public Optional<BlobInfo> stat(String digest) {
        return blobs.stat(digest);
    }

    @Override
    public SeekableByteChannel open(String digest) {
        return blobs.open(digest);
    }

    @Override
    public int removeLeftovers(Instant before, java.util.function.Predicate<String> inProgress) {
        int removed = 0;
        for (Path dir : files.folders()) {
            String id = dir.getFileName().toString();
            if (!inProgress.test(id) && modifiedBefore(dir, before)) {
                discard(id);
                removed++;
            }
        }
        return removed;
    }

    private static boolean modifiedBefore(Path dir, Instant before) {
        try {
            return Files.getLastModifiedTime(dir).toInstant().isBefore(before);
        } catch (IOException e) {
            return false; // gone meanwhile, or unreadable: the next sweep looks again
        }
    }

    @Override
    public void forEachBlob(Consumer<ListedBlob> each) {
        blobs.forEach(each);
    }

    @Override
    public boolean delete(String digest) {
        return blobs.delete(digest);
    }

    private void discard(String uploadId) {
        chain.forget(uploadId);
        files.dir(uploadId).ifPresent(FilesystemBlobStore::deleteTree);
    }

    Path blobPath(String digest) {
        return blobs.path(digest);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(FilesystemBlobStore::deleteQuietly);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}

package io.atcr.hold.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Joins parts in order into one file and hashes it. Parts the {@link PartChain} already hashed are copied by the
 * kernel without being read; the others are read once, hashed and written. The result is on disk ({@code fsync})
 * when this returns.
 */
final class Joiner {
    /** The joined bytes' {@code sha256:…} digest and length. */
    record Result(String digest, long size) {
    }

    /** Where one part's bytes are: {@code length} bytes from {@code offset} of {@code path}. */
    record Source(Path path, long offset, long length, boolean whole) {
    }

    private final List<Source> parts;
    private final PartChain.Covered covered;

    Joiner(List<Source> parts, PartChain.Covered covered) {
        this.parts = parts;
        this.covered = covered;
    }

    /** The chain's data file as the blob: cut after the chain's last listed part, synced; its digest is known. */
    static Result finishChain(Path data, PartChain.Covered covered) throws IOException {
        String digest = text(covered.digest());
        try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
            if (file.size() > covered.end()) {
                file.truncate(covered.end());
            }
            file.force(false);
        }
        return new Result(digest, covered.end());
    }

    /**
     * Joins into {@code target} (created, must not exist), or, when target is null and there is one whole-file part,
     * leaves the part where it is and only hashes and syncs it. When every part was already hashed and the digest is
     * not {@code expected}, nothing is copied.
     */
    Result joinInto(Path target, String expected) throws IOException {
        MessageDigest digest = covered.digest();
        boolean allHashed = covered.parts() == parts.size();
        if (target == null) {
            try (FileChannel part = FileChannel.open(parts.get(0).path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = allHashed ? part.size() : hash(part, 0, part.size(), digest, null);
                part.force(false);
                return new Result(text(digest), size);
            }
        }
        String known = allHashed ? text(digest) : null;
        if (known != null && !known.equals(expected)) {
            return new Result(known, -1);
        }
        long size = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < parts.size(); i++) {
                Source part = parts.get(i);
                try (FileChannel in = FileChannel.open(part.path(), StandardOpenOption.READ)) {
                    size += i < covered.parts() ? transfer(in, part, out)
                            : hash(in, part.offset(), part.length(), digest, out);
                }
            }
            out.force(false);
        }
        return new Result(known != null ? known : text(digest), size);
    }

    private static long transfer(FileChannel in, Source part, FileChannel out) throws IOException {
        for (long done = 0; done < part.length(); ) {
            long n = in.transferTo(part.offset() + done, part.length() - done, out);
            if (n <= 0) {
                throw new IOException("part file " + part.path() + " is shorter than recorded");
            }
            done += n;
        }
        return part.length();
    }

    /** Hashes {@code length} bytes from {@code offset}, copying them to {@code out} when it is not null. */
    private static long hash(FileChannel in, long offset, long length, MessageDigest digest, FileChannel out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(StreamCopy.BUFFER);
        long done = 0;
        while (done < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            int n = in.read(buffer, offset + done);
            if (n < 0) {
                throw new IOException("a part is shorter than recorded");
            }
            digest.update(buffer.array(), 0, n);
            buffer.flip();
            while (out != null && buffer.hasRemaining()) {
                out.write(buffer);
            }
            done += n;
        }
        return done;
    }

    private static String text(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}

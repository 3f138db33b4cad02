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
 * Joins part files in order into one file and hashes it. Parts the {@link PartChain} already hashed are copied by the
 * kernel without being read; the others are read once, hashed and written. The result is on disk ({@code fsync})
 * when this returns.
 */
final class Joiner {
    /** The joined bytes' {@code sha256:…} digest and length. */
    record Result(String digest, long size) {
    }

    private final List<Path> parts;
    private final PartChain.Covered covered;

    Joiner(List<Path> parts, PartChain.Covered covered) {
        this.parts = parts;
        this.covered = covered;
    }

    /**
     * Joins into {@code target} (created, must not exist), or, when target is null and there is one part, leaves the
     * part where it is and only hashes and syncs it. When every part was already hashed and the digest is not
     * {@code expected}, nothing is copied.
     */
    Result joinInto(Path target, String expected) throws IOException {
        MessageDigest digest = covered.digest();
        boolean allHashed = covered.parts() == parts.size();
        if (target == null) {
            try (FileChannel part = FileChannel.open(parts.get(0), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = allHashed ? part.size() : hash(part, digest);
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
                try (FileChannel in = FileChannel.open(parts.get(i), StandardOpenOption.READ)) {
                    size += i < covered.parts() ? transfer(in, out) : copyHashing(in, out, digest);
                }
            }
            out.force(false);
        }
        return new Result(known != null ? known : text(digest), size);
    }

    private static long transfer(FileChannel in, FileChannel out) throws IOException {
        long size = in.size();
        long done = 0;
        while (done < size) {
            done += in.transferTo(done, size - done, out);
        }
        return size;
    }

    private static long copyHashing(FileChannel in, FileChannel out, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(StreamCopy.BUFFER);
        long size = 0;
        while (in.read(buffer) > 0 || buffer.position() > 0) {
            buffer.flip();
            digest.update(buffer.array(), 0, buffer.limit());
            size += buffer.limit();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }
        return size;
    }

    private static long hash(FileChannel in, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(StreamCopy.BUFFER);
        long size = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer.array(), 0, n);
            size += n;
            buffer.clear();
        }
        return size;
    }

    private static String text(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}

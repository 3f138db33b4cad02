package io.atcr.hold.repo;

import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** CAR v1 files, written block by block to a stream: a header naming the root, then each block with its CID. */
public final class Car implements AutoCloseable {
    private final OutputStream out;

    /** Starts a CAR on {@code out} with the header {@code {version: 1, roots: [root]}} (no roots when null). */
    public Car(OutputStream out, Cid root) throws IOException {
        this.out = out;
        Map<String, Object> header = new java.util.LinkedHashMap<>();
        header.put("version", 1L);
        header.put("roots", root == null ? List.of() : List.of(root));
        byte[] bytes = DagCbor.encode(header);
        varint(bytes.length);
        out.write(bytes);
    }

    public void block(Cid cid, byte[] data) throws IOException {
        byte[] id = cid.bytes();
        varint(id.length + data.length);
        out.write(id);
        out.write(data);
    }

    /** A whole CAR in memory, for the small ones (a firehose event's blocks, a proof). */
    public static byte[] of(Cid root, Map<Cid, byte[]> blocks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Car car = new Car(bytes, root)) {
            for (Map.Entry<Cid, byte[]> block : blocks.entrySet()) {
                car.block(block.getKey(), block.getValue());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private void varint(long n) throws IOException {
        while (n >= 0x80) {
            out.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}

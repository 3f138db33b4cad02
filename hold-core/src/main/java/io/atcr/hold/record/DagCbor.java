package io.atcr.hold.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * DAG-CBOR encoding of record values, as ATProto hashes them: shortest integer forms, definite lengths, and map keys
 * ordered by length of their encoding, then bytewise. Values are maps, lists, strings, booleans, integers and bytes.
 */
public final class DagCbor {
    private static final Comparator<byte[]> KEY_ORDER = Comparator.<byte[]>comparingInt(k -> k.length)
            .thenComparing(Arrays::compareUnsigned);

    private DagCbor() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            head(out, 3, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Boolean b) {
            out.write(b ? 0xf5 : 0xf4);
        } else if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            if (n >= 0) {
                head(out, 0, n);
            } else {
                head(out, 1, -1 - n);
            }
        } else if (value instanceof byte[] bytes) {
            head(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof List<?> list) {
            head(out, 4, list.size());
            list.forEach(item -> write(out, item));
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map);
        } else {
            throw new IllegalArgumentException("DAG-CBOR record values cannot hold " + (value == null ? "null" : value.getClass()));
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> map) {
        List<Map.Entry<byte[], Object>> entries = map.entrySet().stream()
                .map(e -> Map.entry(((String) e.getKey()).getBytes(StandardCharsets.UTF_8), (Object) e.getValue()))
                .sorted(Map.Entry.comparingByKey(KEY_ORDER))
                .toList();
        head(out, 5, entries.size());
        for (Map.Entry<byte[], Object> entry : entries) {
            head(out, 3, entry.getKey().length);
            out.writeBytes(entry.getKey());
            write(out, entry.getValue());
        }
    }

    private static void head(ByteArrayOutputStream out, int major, long n) {
        int type = major << 5;
        if (n < 24) {
            out.write(type | (int) n);
        } else if (n < 0x100) {
            out.write(type | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(type | 25);
            bigEndian(out, n, 2);
        } else if (n < 0x100000000L) {
            out.write(type | 26);
            bigEndian(out, n, 4);
        } else {
            out.write(type | 27);
            bigEndian(out, n, 8);
        }
    }

    private static void bigEndian(ByteArrayOutputStream out, long n, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (n >>> (8 * i)) & 0xff);
        }
    }
}

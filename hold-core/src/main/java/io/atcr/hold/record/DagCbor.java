package io.atcr.hold.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * DAG-CBOR, as ATProto hashes records, MST nodes and commits: shortest integer forms, definite lengths, and map keys
 * ordered by length of their encoding, then bytewise. Values are maps (string keys), lists, strings, booleans,
 * integers, bytes, {@link Cid} links (tag 42) and null; ATProto's data model has no floats. {@link #decode} reads only
 * this canonical form, so a block decodes to a value that encodes to the same bytes.
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
        if (value == null) {
            out.write(0xf6);
        } else if (value instanceof Cid cid) {
            out.write(0xd8); // tag 42, a CID link: a byte string of 0x00 (the identity multibase) and the CID
            out.write(42);
            head(out, 2, cid.length() + 1L);
            out.write(0);
            cid.copyTo(out);
        } else if (value instanceof String s) {
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
            throw new IllegalArgumentException("DAG-CBOR values cannot hold " + value.getClass());
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> map) {
        List<Map.Entry<byte[], Object>> entries = map.entrySet().stream()
                .map(e -> (Map.Entry<byte[], Object>) new java.util.AbstractMap.SimpleImmutableEntry<byte[], Object>(
                        ((String) e.getKey()).getBytes(StandardCharsets.UTF_8), e.getValue()))
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

    /**
     * Decodes one canonical DAG-CBOR value that fills {@code bytes}: maps as insertion-ordered {@code Map<String,
     * Object>}, integers as {@code Long}, links as {@link Cid}.
     *
     * @throws IllegalArgumentException for anything but canonical DAG-CBOR of the data model (a float, an
     *                                  indefinite length, a non-shortest integer, unsorted or repeated map keys,
     *                                  another tag, trailing bytes)
     */
    public static Object decode(byte[] bytes) {
        Reader reader = new Reader(bytes);
        Object value = reader.value(0);
        if (reader.at != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after the DAG-CBOR value");
        }
        return value;
    }

    private static final class Reader {
        private static final int MAX_DEPTH = 64;
        private final byte[] in;
        private int at;

        Reader(byte[] in) {
            this.in = in;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("DAG-CBOR nested deeper than " + MAX_DEPTH);
            }
            int initial = next();
            int major = initial >>> 5;
            int info = initial & 31;
            return switch (major) {
                case 0 -> argument(info);
                case 1 -> -1 - argument(info);
                case 2 -> take(length(info));
                case 3 -> text(length(info));
                case 4 -> list(length(info), depth);
                case 5 -> map(length(info), depth);
                case 6 -> link(info);
                default -> simple(info);
            };
        }

        private Object simple(int info) {
            return switch (info) {
                case 20 -> false;
                case 21 -> true;
                case 22 -> null;
                default -> throw new IllegalArgumentException("DAG-CBOR of ATProto's data model has no floats or simple value " + info);
            };
        }

        private Cid link(int info) {
            if (argument(info) != 42) {
                throw new IllegalArgumentException("DAG-CBOR allows only tag 42 (a CID link)");
            }
            int initial = next();
            if (initial >>> 5 != 2) {
                throw new IllegalArgumentException("a CID link holds a byte string");
            }
            byte[] link = take(length(initial & 31));
            if (link.length < 1 || link[0] != 0) {
                throw new IllegalArgumentException("a CID link starts with the identity multibase 0x00");
            }
            return Cid.fromBytes(java.util.Arrays.copyOfRange(link, 1, link.length));
        }

        private List<Object> list(int length, int depth) {
            List<Object> list = new java.util.ArrayList<>(Math.min(length, 1024));
            for (int i = 0; i < length; i++) {
                list.add(value(depth + 1));
            }
            return list;
        }

        private Map<String, Object> map(int length, int depth) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            byte[] previous = null;
            for (int i = 0; i < length; i++) {
                int initial = next();
                if (initial >>> 5 != 3) {
                    throw new IllegalArgumentException("DAG-CBOR map keys are strings");
                }
                int start = at;
                String key = text(length(initial & 31));
                byte[] encoded = java.util.Arrays.copyOfRange(in, start, at);
                if (previous != null && KEY_ORDER.compare(previous, encoded) >= 0) {
                    throw new IllegalArgumentException("DAG-CBOR map keys must be sorted and distinct: '" + key + "'");
                }
                previous = encoded;
                map.put(key, value(depth + 1));
            }
            return map;
        }

        private String text(int length) {
            byte[] bytes = take(length);
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IllegalArgumentException("a DAG-CBOR string is not valid UTF-8");
            }
        }

        private int length(int info) {
            long n = argument(info);
            if (n > in.length - at) {
                throw new IllegalArgumentException("a DAG-CBOR length runs past the end of the block");
            }
            return (int) n;
        }

        /** The head's argument, refusing indefinite lengths and any but the shortest form. */
        private long argument(int info) {
            if (info < 24) {
                return info;
            }
            int size = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new IllegalArgumentException("DAG-CBOR has no indefinite lengths or reserved heads");
            };
            long n = 0;
            for (int i = 0; i < size; i++) {
                n = (n << 8) | next();
            }
            long smallest = size == 1 ? 24 : size == 2 ? 0x100 : size == 4 ? 0x10000 : 0x100000000L;
            if (Long.compareUnsigned(n, smallest) < 0 || n < 0) {
                throw new IllegalArgumentException("DAG-CBOR integers and lengths take their shortest form");
            }
            return n;
        }

        private byte[] take(int length) {
            if (length > in.length - at) {
                throw new IllegalArgumentException("the DAG-CBOR block ends early");
            }
            byte[] out = java.util.Arrays.copyOfRange(in, at, at + length);
            at += length;
            return out;
        }

        private int next() {
            if (at >= in.length) {
                throw new IllegalArgumentException("the DAG-CBOR block ends early");
            }
            return in[at++] & 0xff;
        }
    }
}

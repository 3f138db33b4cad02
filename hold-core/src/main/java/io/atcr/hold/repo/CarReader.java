package io.atcr.hold.repo;

import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a CAR v1 file whole, checking every block against its CID. */
public final class CarReader {
    /** The CAR's root and blocks. */
    public record Contents(Cid root, Map<Cid, byte[]> blocks) {
    }

    private CarReader() {
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a CAR v1 with one root, or a block does not match its CID
     */
    public static Contents read(byte[] car) {
        int[] at = {0};
        if (!(DagCbor.decode(section(car, at)) instanceof Map<?, ?> header) || !Long.valueOf(1).equals(header.get("version"))
                || !(header.get("roots") instanceof List<?> roots) || roots.size() != 1 || !(roots.get(0) instanceof Cid root)) {
            throw new IllegalArgumentException("not a CAR v1 with one root");
        }
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
        while (at[0] < car.length) {
            byte[] section = section(car, at);
            if (section.length < 36) {
                throw new IllegalArgumentException("a CAR block is too short to hold a CID");
            }
            Cid cid = Cid.fromBytes(Arrays.copyOf(section, 36));
            byte[] data = Arrays.copyOfRange(section, 36, section.length);
            if (!cid.matches(data)) {
                throw new IllegalArgumentException("the CAR block " + cid + " does not match its CID");
            }
            blocks.put(cid, data);
        }
        return new Contents(root, blocks);
    }

    private static byte[] section(byte[] car, int[] at) {
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            if (at[0] >= car.length || shift > 35) {
                throw new IllegalArgumentException("the CAR ends inside a length");
            }
            int b = car[at[0]++] & 0xff;
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > car.length - at[0]) {
            throw new IllegalArgumentException("a CAR section runs past the end of the file");
        }
        byte[] section = Arrays.copyOfRange(car, at[0], at[0] + (int) length);
        at[0] += (int) length;
        return section;
    }
}

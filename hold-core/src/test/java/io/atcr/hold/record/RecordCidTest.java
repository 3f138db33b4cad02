package io.atcr.hold.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The expected CIDs were computed independently by the reference JavaScript IPLD libraries
 * ({@code tools/cid-reference/compute.mjs}: @ipld/dag-cbor and multiformats) from the same values.
 */
class RecordCidTest {
    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

    @Test
    void crewRecordCidMatchesTheReferenceImplementation() {
        Map<String, Object> crew = new LinkedHashMap<>();
        crew.put("$type", "io.atcr.hold.crew");
        crew.put("member", DID);
        crew.put("role", "write");
        crew.put("permissions", List.of("blob:read", "blob:write"));
        crew.put("tier", "bosun");
        crew.put("plankowner", true);
        crew.put("addedAt", "2026-01-02T03:04:05.678Z");
        assertEquals("bafyreiht5shlmfled6scxmlgn53747jycjxqksnwfjcbyn5c63uya5vznu", Cid.ofRecord(crew));
    }

    @Test
    void layerRecordWithALargeSizeMatchesTheReferenceImplementation() {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("createdAt", "2026-01-02T03:04:05.678Z");
        layer.put("userDid", DID);
        layer.put("repository", "alice.example/app");
        layer.put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip");
        layer.put("size", 5368709120L);
        layer.put("digest", "sha256:" + "ab".repeat(32));
        layer.put("$type", "io.atcr.hold.layer");
        assertEquals("bafyreih36kxeozk2rmsb2zxpwon3s24otkuj2cvhvmhncyvwmjr3tmovym", Cid.ofRecord(layer));
    }

    @Test
    void anyChangeOfTheValueChangesTheCid() {
        assertNotEquals(Cid.ofRecord(Map.of("a", "b")), Cid.ofRecord(Map.of("a", "c")));
    }
}

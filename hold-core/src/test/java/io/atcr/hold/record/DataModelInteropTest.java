package io.atcr.hold.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.InteropFixtures;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The data model against Bluesky's fixtures: JSON to DAG-CBOR bytes and CIDs, and back; valid and invalid data. */
class DataModelInteropTest {
    static Stream<Arguments> fixtures(String file, String label) {
        List<Arguments> out = new ArrayList<>();
        InteropFixtures.json("data-model/" + file).forEach(f -> out.add(Arguments.of(f.path(label).asText(f.path("cid").asText()), f)));
        return out.stream();
    }

    static Stream<Arguments> encodings() {
        return fixtures("data-model-fixtures.json", "cid");
    }

    static Stream<Arguments> valid() {
        return fixtures("data-model-valid.json", "note");
    }

    static Stream<Arguments> invalid() {
        return fixtures("data-model-invalid.json", "note");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void jsonEncodesToTheFixturesBytesAndCidAndDecodesBack(String cid, JsonNode fixture) {
        byte[] cbor = Base64.getDecoder().decode(pad(fixture.path("cbor_base64").asText()));
        byte[] encoded = DagCbor.encode(DataModel.fromJson(fixture.path("json")));
        assertArrayEquals(cbor, encoded);
        assertEquals(cid, Cid.ofDagCbor(encoded).toString());
        // Compared as parsed JSON text: Jackson tells an int node from a long node, JSON does not.
        assertEquals(fixture.path("json"), reparsed(DataModel.toJson(DagCbor.decode(cbor))));
    }

    private static JsonNode reparsed(JsonNode json) {
        try {
            return io.atcr.hold.xrpc.Json.MAPPER.readTree(json.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validDataIsAccepted(String note, JsonNode fixture) {
        assertDoesNotThrow(() -> DagCbor.encode(DataModel.fromJson(fixture.path("json"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidDataIsRefused(String note, JsonNode fixture) {
        assertThrows(IllegalArgumentException.class, () -> DataModel.fromJson(fixture.path("json")));
    }

    private static String pad(String base64) {
        return base64 + "==".substring(0, (4 - base64.length() % 4) % 4);
    }
}

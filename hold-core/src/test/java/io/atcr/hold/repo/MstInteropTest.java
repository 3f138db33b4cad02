package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.record.Cid;
import io.atcr.hold.testing.InteropFixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The MST against Bluesky's interop fixtures: key heights, common prefixes, and the commit-proof trees. */
class MstInteropTest {
    static Stream<Arguments> keyHeights() {
        List<Arguments> out = new ArrayList<>();
        InteropFixtures.json("mst/key_heights.json").forEach(f -> out.add(Arguments.of(f.path("key").asText(), f.path("height").asInt())));
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("keyHeights")
    void aKeysHeightIsItsHashsLeadingZeroBitPairs(String key, int height) {
        assertEquals(height, Mst.height(key));
    }

    static Stream<Arguments> commonPrefixes() {
        List<Arguments> out = new ArrayList<>();
        InteropFixtures.json("mst/common_prefix.json").forEach(f -> out.add(Arguments.of(f.path("left").asText(),
                f.path("right").asText(), f.path("len").asInt())));
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0} {1}")
    @MethodSource("commonPrefixes")
    void keysShareTheirCommonPrefix(String left, String right, int length) {
        assertEquals(length, MstNode.commonPrefix(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8)));
    }

    static Stream<Arguments> commitProofs() {
        List<Arguments> out = new ArrayList<>();
        InteropFixtures.json("firehose/commit-proof-fixtures.json").forEach(f -> out.add(Arguments.of(f.path("comment").asText(), f)));
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("commitProofs")
    void aCommitGivesTheFixturesRootsAndProofBlocks(String comment, JsonNode fixture) {
        Cid leaf = Cid.parse(fixture.path("leafValue").asText());
        Mst tree = Mst.empty();
        for (JsonNode key : fixture.path("keys")) {
            tree = tree.put(key.asText(), leaf);
        }
        assertEquals(fixture.path("rootBeforeCommit").asText(), tree.root().toString(), "root before");
        List<String> adds = new ArrayList<>();
        List<String> dels = new ArrayList<>();
        fixture.path("adds").forEach(k -> adds.add(k.asText()));
        fixture.path("dels").forEach(k -> dels.add(k.asText()));
        Mst after = tree;
        for (String key : adds) {
            after = after.put(key, leaf);
        }
        for (String key : dels) {
            after = after.delete(key);
        }
        assertEquals(fixture.path("rootAfterCommit").asText(), after.root().toString(), "root after");
        Set<String> expected = new TreeSet<>();
        fixture.path("blocksInProof").forEach(c -> expected.add(c.asText()));
        Set<String> proof = new TreeSet<>();
        MstProof.inversion(after, adds, dels).forEach(c -> proof.add(c.toString()));
        assertEquals(expected, proof, "blocks in the proof");
    }
}

package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.LexiconAgreement;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The lexicon files and the code agree: each method served has a lexicon, each lexicon a method, answers match. */
class LexiconTest {
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final Pattern NSID_IN_CODE = Pattern.compile("\"(?:/xrpc/)?(io\\.atcr\\.hold\\.[a-zA-Z]+)\"");
    private static TestHold hold;

    @BeforeAll
    static void start() {
        hold = TestHold.builder().quotas(Quotas.EXAMPLE).owner("did:plc:captaincaptaincaptaincap").start();
        hold.cli("crew", "add", ALICE, "--tier", "bosun", "--plankowner");
    }

    @AfterAll
    static void stop() {
        hold.close();
    }

    private static Set<String> lexiconIds() throws IOException {
        try (Stream<Path> files = Files.walk(Lexicons.ROOT)) {
            Set<String> ids = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".json")).forEach(f -> ids.add(Lexicons.load(nsidOf(f)).path("id").asText()));
            return ids;
        }
    }

    private static String nsidOf(Path file) {
        String relative = Lexicons.ROOT.relativize(file).toString();
        return relative.substring(0, relative.length() - ".json".length()).replace('/', '.');
    }

    @Test
    void everyHoldNsidInTheCodeHasALexicon() throws IOException {
        Set<String> named = new TreeSet<>();
        for (String module : List.of("../hold-server/src/main/java", "../hold-core/src/main/java", "../hold-billing/src/main/java")) {
            Path dir = Path.of(module);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = NSID_IN_CODE.matcher(Files.readString(file));
                    while (m.find()) {
                        named.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(named.contains("io.atcr.hold.listTiers"), "the scan found the routes: " + named);
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(lexiconIds());
        assertEquals(Set.of(), missing, "NSIDs in the code without a lexicon file");
    }

    @Test
    void everyMethodLexiconIsServed() throws IOException {
        for (String id : lexiconIds()) {
            String type = Lexicons.load(id).path("defs").path("main").path("type").asText();
            XrpcResponse response = switch (type) {
                case "query" -> hold.get("/xrpc/" + id);
                case "procedure" -> hold.post("/xrpc/" + id, "{}");
                default -> null;
            };
            if (response != null) {
                assertNotEquals("MethodNotImplemented", response.error(), id + " has a lexicon but no route");
            }
        }
    }

    /** Upstream's lexicons this hold does not serve: a scanner's, a retired method's, uploadPart's header variant. */
    private static final Set<String> NOT_SERVED = Set.of("io.atcr.hold.setStats", "io.atcr.hold.scan",
            "io.atcr.hold.subscribeScanJobs", "io.atcr.hold.uploadPart");

    static Stream<String> upstreamNsids() throws IOException {
        try (Stream<Path> files = Files.list(Lexicons.UPSTREAM_ROOT)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).filter(n -> !NOT_SERVED.contains(n))
                    .sorted().toList().stream();
        }
    }

    @Test
    void upstreamPublishesFifteenLexiconsThisHoldServes() throws IOException {
        assertEquals(15, upstreamNsids().count(), "the copy of upstream's lexicons is complete");
    }

    @ParameterizedTest
    @MethodSource("upstreamNsids")
    void theProjectsLexiconAgreesWithUpstreams(String nsid) {
        assertEquals(List.of(), LexiconAgreement.problems(Lexicons.PROJECT.lexicon(nsid), Lexicons.UPSTREAM.lexicon(nsid)),
                "lexicons/" + nsid.replace('.', '/') + ".json against upstream's");
    }

    @Test
    void theAgreementCheckFindsADisagreement() {
        JsonNode upstream = Lexicons.UPSTREAM.lexicon("io.atcr.hold.layer");
        com.fasterxml.jackson.databind.node.ObjectNode changed = upstream.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("defs").path("main").path("record")
                .path("properties")).remove("manifest");
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("defs").path("main").path("record")
                .path("properties").path("size")).put("type", "string");
        List<String> problems = LexiconAgreement.problems(changed, upstream);
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void listTiersMatchesItsLexicon() {
        Lexicons.assertOutputMatches("io.atcr.hold.listTiers", hold.get("/xrpc/io.atcr.hold.listTiers").json());
    }

    @Test
    void getQuotaMatchesItsLexicon() {
        Lexicons.assertOutputMatches("io.atcr.hold.getQuota", hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + ALICE).json());
    }

    @Test
    void captainAndCrewRecordsMatchTheirLexicons() {
        JsonNode captain = hold.get("/xrpc/com.atproto.repo.getRecord?repo=did:web:hold.test&collection=io.atcr.hold.captain&rkey=self").json();
        Lexicons.assertRecordMatches("io.atcr.hold.captain", captain.path("value"));
        JsonNode crew = hold.get("/xrpc/com.atproto.repo.listRecords?repo=did:web:hold.test&collection=io.atcr.hold.crew").json();
        assertEquals(1, crew.path("records").size());
        Lexicons.assertRecordMatches("io.atcr.hold.crew", crew.path("records").get(0).path("value"));
    }
}

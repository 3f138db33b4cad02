package io.atcr.hold.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.InteropFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every line of Bluesky's syntax fixtures for DIDs, NSIDs, record keys, TIDs, AT-URIs and datetimes. */
class SyntaxInteropTest {
    private static final Map<String, Predicate<String>> CHECKS = Map.of(
            "did", Syntax::isDid,
            "nsid", Syntax::isNsid,
            "recordkey", Syntax::isRecordKey,
            "tid", Syntax::isTid,
            "aturi", Syntax::isAtUri,
            "datetime", Syntax::isDatetime,
            "handle", Syntax::isHandle);

    static Stream<Arguments> lines() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : CHECKS.keySet().stream().sorted().toList()) {
            for (boolean valid : new boolean[] {true, false}) {
                String file = "syntax/" + kind + "_syntax_" + (valid ? "valid" : "invalid") + ".txt";
                InteropFixtures.lines(file).forEach(line -> out.add(Arguments.of(kind, line, valid)));
            }
        }
        InteropFixtures.lines("syntax/datetime_parse_invalid.txt").forEach(line -> out.add(Arguments.of("datetime-parse", line, false)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}: {1}")
    @MethodSource("lines")
    void eachFixtureLineIsJudgedAsTheFixtureSays(String kind, String line, boolean valid) {
        Predicate<String> check = kind.equals("datetime-parse") ? Syntax::isParsableDatetime : CHECKS.get(kind);
        assertEquals(valid, check.test(line), kind + " '" + line + "'");
    }
}

package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.xrpc.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bluesky's ATProto interop test files (CC0), copied into the test resources under {@code atproto-interop-tests/}
 * (see SOURCE.txt there for the commit).
 */
public final class InteropFixtures {
    private InteropFixtures() {
    }

    public static JsonNode json(String path) {
        try (InputStream in = open(path)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a syntax file that are neither blank nor comments. */
    public static List<String> lines(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = InteropFixtures.class.getResourceAsStream("/atproto-interop-tests/" + path);
        if (in == null) {
            throw new IllegalStateException("no interop fixture " + path);
        }
        return in;
    }
}

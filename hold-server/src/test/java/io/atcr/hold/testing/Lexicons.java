package io.atcr.hold.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.xrpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks what the hold answers against the lexicon files under {@code lexicons/}: every required field present,
 * every field declared, every type as declared (objects, arrays, strings, integers, booleans, local refs).
 */
public final class Lexicons {
    /** The repository's lexicon folder, found from the module's working directory. */
    public static final Path ROOT = Files.isDirectory(Path.of("lexicons")) ? Path.of("lexicons") : Path.of("../lexicons");

    private Lexicons() {
    }

    public static JsonNode load(String nsid) {
        Path file = ROOT.resolve(nsid.replace('.', '/') + ".json");
        try {
            JsonNode lexicon = Json.MAPPER.readTree(file.toFile());
            assertEquals(nsid, lexicon.path("id").asText(), file + " has the wrong id");
            return lexicon;
        } catch (IOException e) {
            throw new UncheckedIOException("no lexicon for " + nsid + " at " + file, e);
        }
    }

    /** The answer of a query or procedure matches its lexicon's output schema. */
    public static void assertOutputMatches(String nsid, JsonNode body) {
        JsonNode lexicon = load(nsid);
        JsonNode schema = lexicon.path("defs").path("main").path("output").path("schema");
        assertTrue(schema.isObject(), nsid + " has no output schema");
        check(lexicon, schema, body, nsid);
    }

    /** A record value (with {@code $type}) matches its collection's lexicon. */
    public static void assertRecordMatches(String collection, JsonNode value) {
        JsonNode lexicon = load(collection);
        assertEquals(collection, value.path("$type").asText(), "record $type");
        check(lexicon, lexicon.path("defs").path("main").path("record"), value, collection);
    }

    private static void check(JsonNode lexicon, JsonNode schema, JsonNode value, String where) {
        String type = schema.path("type").asText();
        switch (type) {
            case "ref" -> check(lexicon, resolve(lexicon, schema.path("ref").asText(), where), value, where);
            case "object" -> checkObject(lexicon, schema, value, where);
            case "array" -> {
                assertTrue(value.isArray(), where + " should be an array: " + value);
                int i = 0;
                for (JsonNode item : value) {
                    check(lexicon, schema.path("items"), item, where + "[" + i++ + "]");
                }
            }
            case "string" -> assertTrue(value.isTextual(), where + " should be a string: " + value);
            case "integer" -> assertTrue(value.isIntegralNumber(), where + " should be an integer: " + value);
            case "boolean" -> assertTrue(value.isBoolean(), where + " should be a boolean: " + value);
            case "unknown" -> assertTrue(value.isObject(), where + " should be an object: " + value);
            default -> fail(where + ": the lexicon uses type '" + type + "', which this check does not know");
        }
    }

    private static void checkObject(JsonNode lexicon, JsonNode schema, JsonNode value, String where) {
        assertTrue(value.isObject(), where + " should be an object: " + value);
        Set<String> nullable = new HashSet<>();
        schema.path("nullable").forEach(n -> nullable.add(n.asText()));
        for (JsonNode required : schema.path("required")) {
            assertTrue(value.has(required.asText()), where + " lacks required '" + required.asText() + "': " + value);
        }
        value.fields().forEachRemaining(field -> {
            if (field.getKey().equals("$type")) {
                return;
            }
            JsonNode property = schema.path("properties").path(field.getKey());
            assertTrue(property.isObject(), where + " answers '" + field.getKey() + "', which its lexicon does not declare");
            if (field.getValue().isNull()) {
                assertTrue(nullable.contains(field.getKey()), where + "." + field.getKey() + " is null but not nullable");
            } else {
                check(lexicon, property, field.getValue(), where + "." + field.getKey());
            }
        });
    }

    private static JsonNode resolve(JsonNode lexicon, String ref, String where) {
        if (!ref.startsWith("#")) {
            fail(where + ": only local refs (#name) are supported, not " + ref);
        }
        JsonNode def = lexicon.path("defs").path(ref.substring(1));
        assertTrue(def.isObject(), where + ": unknown ref " + ref);
        return def;
    }
}

package io.atcr.hold.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.record.Cid;
import io.atcr.hold.record.Syntax;
import io.atcr.hold.xrpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks what the hold answers against lexicon files: every required field present, every type, format, constant,
 * length and minimum as declared, refs followed within a file and across files. Two sets of files: the project's own
 * ({@link #PROJECT}, under {@code lexicons/}, where an answer may hold no field its lexicon does not declare), and
 * upstream ATCR's published ones ({@link #UPSTREAM}, a copy in the test resources, where extra fields are allowed as
 * ATProto allows them). The static checks validate against both, upstream's where it publishes the NSID.
 */
public final class Lexicons {
    /** The repository's lexicon folder, found from the module's working directory. */
    public static final Path ROOT = Files.isDirectory(Path.of("lexicons")) ? Path.of("lexicons") : Path.of("../lexicons");
    /** Upstream's lexicons as published (indexed 2026-08-04; see INDEXED.txt there), one file per NSID. */
    public static final Path UPSTREAM_ROOT = Path.of("src/test/resources/upstream-lexicons");

    public static final Lexicons PROJECT = new Lexicons(ROOT, true, true);
    public static final Lexicons UPSTREAM = new Lexicons(UPSTREAM_ROOT, false, false);

    private static final Pattern URI = Pattern.compile("[a-z][a-z0-9+.-]*:\\S+");

    private final Path root;
    private final boolean nested;
    private final boolean strict;

    private Lexicons(Path root, boolean nested, boolean strict) {
        this.root = root;
        this.nested = nested;
        this.strict = strict;
    }

    /** Whether this set has a lexicon for {@code nsid}. */
    public boolean has(String nsid) {
        return Files.isRegularFile(file(nsid));
    }

    public JsonNode lexicon(String nsid) {
        Path file = file(nsid);
        try {
            JsonNode lexicon = Json.MAPPER.readTree(file.toFile());
            assertEquals(nsid, lexicon.path("id").asText(), file + " has the wrong id");
            return lexicon;
        } catch (IOException e) {
            throw new UncheckedIOException("no lexicon for " + nsid + " at " + file, e);
        }
    }

    private Path file(String nsid) {
        return root.resolve(nested ? nsid.replace('.', '/') + ".json" : nsid + ".json");
    }

    /** The project's lexicon for {@code nsid}. */
    public static JsonNode load(String nsid) {
        return PROJECT.lexicon(nsid);
    }

    /** The answer matches the output schema of the project's lexicon, and of upstream's when it has one. */
    public static void assertOutputMatches(String nsid, JsonNode body) {
        PROJECT.outputMatches(nsid, body);
        if (UPSTREAM.has(nsid)) {
            UPSTREAM.outputMatches(nsid, body);
        }
    }

    /** The record value (with {@code $type}) matches the project's lexicon, and upstream's when it has one. */
    public static void assertRecordMatches(String collection, JsonNode value) {
        PROJECT.recordMatches(collection, value);
        if (UPSTREAM.has(collection)) {
            UPSTREAM.recordMatches(collection, value);
        }
    }

    /** The error answer names an error the method's lexicon declares. */
    public static void assertDeclaredError(String nsid, JsonNode body) {
        String name = body.path("error").asText();
        for (JsonNode error : load(nsid).path("defs").path("main").path("errors")) {
            if (error.path("name").asText().equals(name)) {
                return;
            }
        }
        fail(nsid + " answered the error " + name + ", which its lexicon does not declare: " + body);
    }

    public void outputMatches(String nsid, JsonNode body) {
        JsonNode lexicon = lexicon(nsid);
        JsonNode schema = lexicon.path("defs").path("main").path("output").path("schema");
        assertTrue(schema.isObject(), nsid + " has no output schema in " + root);
        check(lexicon, schema, body, nsid + " (" + root.getFileName() + ")");
    }

    public void recordMatches(String collection, JsonNode value) {
        JsonNode lexicon = lexicon(collection);
        assertEquals(collection, value.path("$type").asText(), "record $type");
        check(lexicon, lexicon.path("defs").path("main").path("record"), value, collection + " (" + root.getFileName() + ")");
    }

    private void check(JsonNode lexicon, JsonNode schema, JsonNode value, String where) {
        String type = schema.path("type").asText();
        switch (type) {
            case "ref" -> {
                Ref ref = resolve(lexicon, schema.path("ref").asText(), where);
                check(ref.lexicon(), ref.def(), value, where);
            }
            case "record" -> check(lexicon, schema.path("record"), value, where);
            case "object" -> checkObject(lexicon, schema, value, where);
            case "array" -> {
                assertTrue(value.isArray(), where + " should be an array: " + value);
                int i = 0;
                for (JsonNode item : value) {
                    check(lexicon, schema.path("items"), item, where + "[" + i++ + "]");
                }
            }
            case "string" -> checkString(schema, value, where);
            case "integer" -> {
                assertTrue(value.isIntegralNumber(), where + " should be an integer: " + value);
                if (schema.has("minimum")) {
                    assertTrue(value.longValue() >= schema.path("minimum").longValue(), where + " is below its minimum: " + value);
                }
            }
            case "boolean" -> assertTrue(value.isBoolean(), where + " should be a boolean: " + value);
            case "unknown" -> assertTrue(value.isObject(), where + " should be an object: " + value);
            default -> fail(where + ": the lexicon uses type '" + type + "', which this check does not know");
        }
    }

    private static void checkString(JsonNode schema, JsonNode value, String where) {
        assertTrue(value.isTextual(), where + " should be a string: " + value);
        String text = value.asText();
        if (schema.has("const")) {
            assertEquals(schema.path("const").asText(), text, where + " is a constant");
        }
        if (schema.has("maxLength")) {
            assertTrue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= schema.path("maxLength").asInt(),
                    where + " is longer than " + schema.path("maxLength").asInt() + " bytes: " + text);
        }
        // The formats are ATProto's syntax, which the core's Syntax checks against Bluesky's interop fixtures.
        Optional<Predicate<String>> format = switch (schema.path("format").asText()) {
            case "did" -> Optional.of(Syntax::isDid);
            case "at-uri" -> Optional.of(Syntax::isAtUri);
            case "datetime" -> Optional.of(Syntax::isDatetime);
            case "cid" -> Optional.of(Lexicons::isCid);
            case "uri" -> Optional.of(t -> URI.matcher(t).matches());
            case "" -> Optional.empty();
            default -> {
                fail(where + ": unknown string format " + schema.path("format").asText());
                yield Optional.empty();
            }
        };
        format.ifPresent(check -> assertTrue(check.test(text) && text.length() <= 8192,
                where + " is not a valid " + schema.path("format").asText() + ": " + text));
    }

    private static boolean isCid(String text) {
        try {
            Cid.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void checkObject(JsonNode lexicon, JsonNode schema, JsonNode value, String where) {
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
            if (!property.isObject()) {
                assertTrue(!strict, where + " answers '" + field.getKey() + "', which its lexicon does not declare");
                return;
            }
            if (field.getValue().isNull()) {
                assertTrue(nullable.contains(field.getKey()), where + "." + field.getKey() + " is null but not nullable");
            } else {
                check(lexicon, property, field.getValue(), where + "." + field.getKey());
            }
        });
    }

    /** A def found from a ref: the lexicon it is in and the def itself. */
    record Ref(JsonNode lexicon, JsonNode def) {
    }

    /** Resolves {@code #name} in this lexicon, {@code nsid} (its main) or {@code nsid#name} in another of the set. */
    Ref resolve(JsonNode lexicon, String ref, String where) {
        int hash = ref.indexOf('#');
        JsonNode target = hash == 0 ? lexicon : lexicon(hash < 0 ? ref : ref.substring(0, hash));
        JsonNode def = target.path("defs").path(hash < 0 ? "main" : ref.substring(hash + 1));
        assertTrue(def.isObject(), where + ": unknown ref " + ref);
        return new Ref(target, def);
    }
}

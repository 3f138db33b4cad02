package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the project's lexicon for an NSID disagrees with upstream's: every def upstream has, with its type; every
 * property upstream declares, with its type, format, constant and ref target; required lists equal for inputs and
 * parameters (a client sends what upstream requires, no more) and no upstream requirement missing for outputs and
 * records; every error name upstream declares. Extra optional properties and extra errors are allowed.
 */
public final class LexiconAgreement {
    private final JsonNode ours;
    private final JsonNode theirs;
    private final List<String> problems = new ArrayList<>();

    private LexiconAgreement(JsonNode ours, JsonNode theirs) {
        this.ours = ours;
        this.theirs = theirs;
    }

    /** The disagreements, each a sentence; empty when the two agree. */
    public static List<String> problems(JsonNode ours, JsonNode theirs) {
        LexiconAgreement agreement = new LexiconAgreement(ours, theirs);
        agreement.compareDefs();
        return agreement.problems;
    }

    private void compareDefs() {
        theirs.path("defs").fields().forEachRemaining(def -> {
            JsonNode mine = ours.path("defs").path(def.getKey());
            if (!mine.isObject()) {
                problems.add("def '" + def.getKey() + "' is missing");
            } else {
                compareDef(def.getKey(), mine, def.getValue());
            }
        });
    }

    private void compareDef(String name, JsonNode mine, JsonNode upstream) {
        same(name + ".type", mine.path("type"), upstream.path("type"));
        same(name + ".key", mine.path("key"), upstream.path("key"));
        compareSchema(name + ".parameters", mine.path("parameters"), upstream.path("parameters"), true);
        compareSchema(name + ".input", mine.path("input").path("schema"), upstream.path("input").path("schema"), true);
        same(name + ".input.encoding", mine.path("input").path("encoding"), upstream.path("input").path("encoding"));
        compareSchema(name + ".output", mine.path("output").path("schema"), upstream.path("output").path("schema"), false);
        compareSchema(name + ".record", mine.path("record"), upstream.path("record"), false);
        if (upstream.path("type").asText().equals("object")) {
            compareSchema(name, mine, upstream, false);
        }
        Set<String> errors = new HashSet<>();
        mine.path("errors").forEach(e -> errors.add(e.path("name").asText()));
        upstream.path("errors").forEach(e -> {
            if (!errors.contains(e.path("name").asText())) {
                problems.add(name + " lacks upstream's error " + e.path("name").asText());
            }
        });
    }

    private void compareSchema(String where, JsonNode mine, JsonNode upstream, boolean sent) {
        if (upstream.isMissingNode()) {
            return;
        }
        if (mine.isMissingNode()) {
            problems.add(where + " is missing");
            return;
        }
        same(where + ".type", mine.path("type"), upstream.path("type"));
        same(where + ".format", mine.path("format"), upstream.path("format"));
        same(where + ".const", mine.path("const"), upstream.path("const"));
        same(where + ".ref", mine.path("ref"), upstream.path("ref"));
        compareSchema(where + ".items", mine.path("items"), upstream.path("items"), sent);
        Set<String> myRequired = names(mine.path("required"));
        Set<String> theirRequired = names(upstream.path("required"));
        if (sent ? !myRequired.equals(theirRequired) : !myRequired.containsAll(theirRequired)) {
            problems.add(where + " requires " + myRequired + " where upstream requires " + theirRequired);
        }
        upstream.path("properties").fields().forEachRemaining(p -> {
            JsonNode property = mine.path("properties").path(p.getKey());
            if (!property.isObject()) {
                problems.add(where + " lacks upstream's property '" + p.getKey() + "'");
            } else {
                compareSchema(where + "." + p.getKey(), property, p.getValue(), sent);
            }
        });
    }

    private void same(String where, JsonNode mine, JsonNode upstream) {
        if (!upstream.isMissingNode() && !upstream.equals(mine)) {
            problems.add(where + " is " + (mine.isMissingNode() ? "missing" : mine) + " where upstream has " + upstream);
        }
    }

    private static Set<String> names(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

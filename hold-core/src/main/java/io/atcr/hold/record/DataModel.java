package io.atcr.hold.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ATProto's data model between its JSON form and the values {@link DagCbor} encodes: {@code {"$link": CID}} is a
 * {@link Cid}, {@code {"$bytes": base64}} is {@code byte[]}, integers are {@code Long}, and a blob
 * ({@code $type: blob}) must have its {@code ref}, {@code mimeType} and integer {@code size}.
 */
public final class DataModel {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DataModel() {
    }

    /**
     * The data-model value of a JSON object.
     *
     * @throws IllegalArgumentException when the JSON is not ATProto data: a float, a {@code $type} that is not a
     *                                  non-empty string, a malformed link, bytes or blob, or a top level that is not an object
     */
    public static Map<String, Object> fromJson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("ATProto data is a JSON object at the top");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) value(json, 0);
        return value;
    }

    private static Object value(JsonNode json, int depth) {
        if (depth > 32) {
            throw new IllegalArgumentException("ATProto data nests at most 32 levels");
        }
        if (json.isNull()) {
            return null;
        }
        if (json.isBoolean()) {
            return json.booleanValue();
        }
        if (json.isTextual()) {
            return json.textValue();
        }
        if (json.isNumber()) {
            if (json.isIntegralNumber() && json.canConvertToLong()) {
                return json.longValue();
            }
            double d = json.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                return (long) d; // JSON does not tell 123.0 from 123
            }
            throw new IllegalArgumentException("ATProto data has no floats: " + json);
        }
        if (json.isArray()) {
            List<Object> list = new ArrayList<>();
            json.forEach(item -> list.add(value(item, depth + 1)));
            return list;
        }
        return object(json, depth);
    }

    private static Object object(JsonNode json, int depth) {
        if (json.has("$link")) {
            only(json, "$link");
            if (!json.get("$link").isTextual()) {
                throw new IllegalArgumentException("a $link is a CID string");
            }
            return Cid.parse(json.get("$link").textValue());
        }
        if (json.has("$bytes")) {
            only(json, "$bytes");
            if (!json.get("$bytes").isTextual()) {
                throw new IllegalArgumentException("$bytes is a base64 string");
            }
            return Base64.getDecoder().decode(json.get("$bytes").textValue());
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), value(field.getValue(), depth + 1));
        }
        if (map.containsKey("$type")) {
            if (!(map.get("$type") instanceof String type) || type.isEmpty()) {
                throw new IllegalArgumentException("$type is a non-empty string");
            }
            if (type.equals("blob") && (!(map.get("ref") instanceof Cid) || !(map.get("mimeType") instanceof String)
                    || !(map.get("size") instanceof Long))) {
                throw new IllegalArgumentException("a blob has a ref link, a mimeType string and an integer size");
            }
        }
        return map;
    }

    private static void only(JsonNode json, String field) {
        if (json.size() != 1) {
            throw new IllegalArgumentException("an object with " + field + " has no other fields");
        }
    }

    /** The JSON form of a data-model value. */
    public static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Long || value instanceof Integer) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Cid cid) {
            return NODES.objectNode().put("$link", cid.toString());
        }
        if (value instanceof byte[] bytes) {
            return NODES.objectNode().put("$bytes", Base64.getEncoder().withoutPadding().encodeToString(bytes));
        }
        if (value instanceof List<?> list) {
            var array = NODES.arrayNode();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set((String) k, toJson(v)));
            return object;
        }
        throw new IllegalArgumentException("not a data-model value: " + value.getClass());
    }
}

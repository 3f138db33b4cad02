package io.atcr.hold.server;

import io.atcr.hold.userdata.UserData;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.stats.RepoStats;
import com.fasterxml.jackson.core.JsonGenerator;
import io.atcr.hold.xrpc.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code exportUserData} and {@code deleteUserData}: a caller's own records, in upstream's shapes. */
final class UserDataRoutes {
    static final String EXPORT = "io.atcr.hold.exportUserData";
    static final String DELETE = "io.atcr.hold.deleteUserData";

    private final UserData userData;
    private final HoldIdentity identity;
    private final Auth auth;

    UserDataRoutes(UserData userData, HoldIdentity identity, Auth auth) {
        this.userData = userData;
        this.identity = identity;
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/" + EXPORT, this::export);
        routes.post("/xrpc/" + DELETE, this::delete);
    }

    /**
     * Streams the export: the layer records come page by page from the database straight to the response, so an
     * export of any size takes a page of memory.
     */
    private void export(Context ctx) throws IOException {
        Caller caller = auth.required(ctx, EXPORT);
        UserData.Export export = userData.export(caller.did());
        ctx.contentType("application/json");
        try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(ctx.res().getOutputStream())) {
            out.writeStartObject();
            out.writeStringField("exportedAt", export.exportedAt().toString());
            out.writeStringField("holdDid", identity.did());
            out.writeStringField("userDid", export.userDid());
            out.writeBooleanField("isCaptain", export.captain());
            if (export.crew().isPresent()) {
                out.writeObjectField("crewRecord", crew(export.crew().get()));
            }
            out.writeArrayFieldStart("layerRecords");
            userData.layerPages(caller.did(), page -> {
                for (LayerRecord record : page) {
                    write(out, layer(record));
                }
            });
            out.writeEndArray();
            out.writeObjectField("statsRecords", export.stats().stream().map(UserDataRoutes::stats).toList());
            out.writeObjectField("blueskyPosts", export.posts().stream().map(post -> Map.of(
                    "uri", "at://" + identity.did() + "/" + BlueskyPresence.POST + "/" + post.rkey(),
                    "text", post.text(), "createdAt", post.createdAt())).toList());
            out.writeEndObject();
        }
    }

    private static void write(JsonGenerator out, Object value) {
        try {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete(Context ctx) {
        Caller caller = auth.required(ctx, DELETE);
        Xrpc.body(ctx); // upstream sends {}; anything but a JSON object is refused
        UserData.Deletion deletion = userData.delete(caller.did());
        ctx.json(Map.of("success", true, "crewDeleted", deletion.crewDeleted(),
                "layersDeleted", deletion.layersDeleted(), "statsDeleted", deletion.statsDeleted()));
    }

    private static Map<String, Object> crew(CrewMember member) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", member.role());
        out.put("permissions", member.permissions());
        member.storedTier().ifPresent(tier -> out.put("tier", tier));
        out.put("plankowner", member.plankowner());
        out.put("addedAt", member.addedAt().toString());
        return out;
    }

    private static Map<String, Object> layer(LayerRecord record) {
        Map<String, Object> out = new LinkedHashMap<>(record.value());
        out.keySet().removeAll(List.of("$type", "userDid"));
        return out;
    }

    private static Map<String, Object> stats(RepoStats record) {
        Map<String, Object> out = new LinkedHashMap<>(record.value());
        out.keySet().removeAll(List.of("$type", "ownerDid"));
        return out;
    }
}

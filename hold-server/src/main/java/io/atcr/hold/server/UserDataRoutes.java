package io.atcr.hold.server;

import io.atcr.hold.Hold;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.stats.RepoStats;
import io.atcr.hold.userdata.UserData;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code exportUserData} and {@code deleteUserData}: a caller's own records, in upstream's shapes. */
final class UserDataRoutes {
    static final String EXPORT = "io.atcr.hold.exportUserData";
    static final String DELETE = "io.atcr.hold.deleteUserData";

    private final Hold hold;
    private final Auth auth;

    UserDataRoutes(Hold hold, Auth auth) {
        this.hold = hold;
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/" + EXPORT, this::export);
        routes.post("/xrpc/" + DELETE, this::delete);
    }

    private void export(Context ctx) {
        Caller caller = auth.required(ctx, EXPORT);
        UserData.Export export = hold.userData().export(caller.did());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exportedAt", export.exportedAt().toString());
        out.put("holdDid", hold.identity().did());
        out.put("userDid", export.userDid());
        out.put("isCaptain", export.captain());
        export.crew().ifPresent(member -> out.put("crewRecord", crew(member)));
        out.put("layerRecords", export.layers().stream().map(UserDataRoutes::layer).toList());
        out.put("statsRecords", export.stats().stream().map(UserDataRoutes::stats).toList());
        out.put("blueskyPosts", List.of()); // the hold posts nothing yet
        ctx.json(out);
    }

    private void delete(Context ctx) {
        Caller caller = auth.required(ctx, DELETE);
        Xrpc.body(ctx); // upstream sends {}; anything but a JSON object is refused
        UserData.Deletion deletion = hold.userData().delete(caller.did());
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

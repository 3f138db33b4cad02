package io.atcr.hold.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.record.HoldRecords;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.Permission;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.record.RecordView;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code requestCrew}: an authenticated user joins the crew, when the hold lets anyone join or they are the captain. */
final class CrewRoutes {
    static final String UPSTREAM_DEFAULT_ROLE = "member";
    static final String REQUEST_CREW = "io.atcr.hold.requestCrew";

    private final Captain captain;
    private final CrewStore crew;
    private final HoldRecords records;
    private final HoldIdentity identity;
    private final Auth auth;

    CrewRoutes(Captain captain, CrewStore crew, HoldRecords records, HoldIdentity identity, Auth auth) {
        this.captain = captain;
        this.crew = crew;
        this.records = records;
        this.identity = identity;
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.post("/xrpc/" + REQUEST_CREW, this::requestCrew);
    }

    private void requestCrew(Context ctx) {
        Caller caller = auth.required(ctx, REQUEST_CREW);
        if (!captain.allowAllCrew() && !captain.isCaptain(caller.did())) {
            throw Failure.forbidden("RegistrationDisabled", "this hold does not let users join its crew by "
                    + "themselves; ask the captain to add " + caller.did());
        }
        JsonNode body = Xrpc.body(ctx);
        // Upstream's default role "member" is this hold's default role.
        String role = Xrpc.optionalString(body, "role").map(r -> r.equals(UPSTREAM_DEFAULT_ROLE) ? CrewMember.DEFAULT_ROLE : r)
                .map(CrewRoutes::role).orElse(CrewMember.DEFAULT_ROLE);
        // Joining by oneself grants the default role; other roles are the captain's to give (crew add --role).
        if (!role.equals(CrewMember.DEFAULT_ROLE) && !captain.isCaptain(caller.did())) {
            throw Failure.forbidden("RoleNotAllowed", "members who join by themselves get the role '"
                    + CrewMember.DEFAULT_ROLE + "'; ask the captain for the role '" + role + "'");
        }
        List<String> permissions = permissions(body).orElse(CrewMember.DEFAULT_PERMISSIONS);
        // A member asking again is answered from a read: only a new member takes the write lock.
        CrewStore.Joined joined = crew.find(caller.did()).map(member -> new CrewStore.Joined(false, member))
                .orElseGet(() -> crew.join(caller.did(), role, permissions));
        RecordView record = records.get(HoldRecords.CREW, joined.member().rkey()).orElseThrow();
        ctx.json(Map.of(
                "status", joined.created() ? "created" : "already_member",
                "uri", record.uri(),
                "cid", record.cid(),
                "message", joined.created() ? caller.did() + " is now crew of " + identity.did()
                        : caller.did() + " is already crew of " + identity.did()));
    }

    private static String role(String role) {
        if (!CrewMember.isRole(role)) {
            throw Failure.invalidRequest("'role' must be one of " + CrewMember.ROLES + " (or upstream's '"
                    + UPSTREAM_DEFAULT_ROLE + "', which is 'write' here), not '" + role + "'");
        }
        return role;
    }

    private static Optional<List<String>> permissions(JsonNode body) {
        JsonNode node = body.get("permissions");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw Failure.invalidRequest("'permissions' must be an array of strings, such as [\"blob:read\"]");
        }
        List<String> permissions = new ArrayList<>();
        for (JsonNode p : node) {
            if (!p.isTextual()) {
                throw Failure.invalidRequest("'permissions' must be an array of strings, such as [\"blob:read\"]");
            }
            if (!permissions.contains(p.asText())) {
                permissions.add(p.asText());
            }
        }
        Permission.unknownIn(permissions).ifPresent(unknown -> {
            throw Failure.invalidRequest("unknown permission '" + unknown + "'; known: "
                    + String.join(", ", Permission.ALL.stream().sorted().toList()));
        });
        return Optional.of(List.copyOf(permissions));
    }
}

package io.atcr.hold.server;

import io.atcr.hold.identity.ServiceTokenVerifier;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.Permission;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.failure.Failure;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The one place a request's caller is established from its {@code Authorization: Bearer} service token, and the one
 * place crew permissions are checked. The verified caller is kept on the request, so asking twice verifies once.
 */
final class Auth {
    private static final String CALLER = Caller.class.getName();
    private static final String MEMBER = CrewMember.class.getName();
    private static final String BEARER = "bearer ";

    private final ServiceTokenVerifier serviceTokens;
    private final Captain captain;
    private final CrewStore crew;

    Auth(ServiceTokenVerifier serviceTokens, Captain captain, CrewStore crew) {
        this.serviceTokens = serviceTokens;
        this.captain = captain;
        this.crew = crew;
    }

    /** The caller already verified on this request, or null. */
    static Caller knownCaller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    /** The caller, or empty when the request has no credentials; a request with bad credentials is a 401. */
    Optional<Caller> optional(Context ctx, String nsid) {
        Caller known = ctx.attribute(CALLER);
        if (known != null) {
            return Optional.of(known);
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw Failure.unauthorized("AuthRequired", "the Authorization header must be "
                    + "'Bearer <service token>' with a token from your PDS (com.atproto.server.getServiceAuth)");
        }
        Caller caller = serviceTokens.verify(header.substring(BEARER.length()).trim(), nsid);
        ctx.attribute(CALLER, caller);
        return Optional.of(caller);
    }

    /** The caller; a 401 when the request has no or bad credentials. */
    Caller required(Context ctx, String nsid) {
        return optional(ctx, nsid).orElseThrow(() -> Failure.unauthorized("AuthRequired",
                nsid + " needs an 'Authorization: Bearer' service token from your PDS (com.atproto.server.getServiceAuth)"));
    }

    /**
     * Whether {@code caller} may read this hold's blobs: a public hold, the captain, or crew with blob:read. Uses the
     * crew record {@link #requirePermission} already read for this request, when it did.
     */
    boolean mayRead(Context ctx, Caller caller) {
        if (captain.publicHold() || captain.isCaptain(caller.did())) {
            return true;
        }
        CrewMember known = ctx.attribute(MEMBER);
        Optional<CrewMember> member = known != null && known.did().equals(caller.did()) ? Optional.of(known)
                : crew.find(caller.did());
        return member.map(m -> m.may(Permission.BLOB_READ)).orElse(false);
    }

    /**
     * The caller, who must be the captain or a crew member holding {@code permission} ({@code blob:read},
     * {@code blob:write}); a 401 without valid credentials, a 403 without the permission.
     */
    Caller requirePermission(Context ctx, String nsid, String permission) {
        Caller caller = required(ctx, nsid);
        if (captain.isCaptain(caller.did())) {
            return caller;
        }
        Optional<CrewMember> member = crew.find(caller.did());
        if (member.isEmpty()) {
            throw Failure.forbidden("Forbidden", caller.did() + " is not crew of this hold"
                    + (captain.allowAllCrew() ? "; join with io.atcr.hold.requestCrew" : "; ask the captain to add you"));
        }
        ctx.attribute(MEMBER, member.get());
        if (!member.get().may(permission)) {
            throw Failure.forbidden("Forbidden", caller.did() + " lacks the crew permission " + permission
                    + " on this hold (has " + (member.get().permissions().isEmpty() ? "none"
                    : String.join(", ", member.get().permissions())) + ")");
        }
        return caller;
    }
}

package io.atcr.hold.server;

import io.atcr.hold.identity.Caller;
import io.atcr.hold.xrpc.XrpcException;
import io.javalin.http.Context;
import java.util.Optional;

/** The one place a request's caller is established from its {@code Authorization} header. */
final class Auth {

    /** The caller, or empty when the request has no credentials; a request with bad credentials is a 401. */
    Optional<Caller> optional(Context ctx, String nsid) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        throw XrpcException.notImplemented("MethodNotImplemented",
                "service-token authentication is not built into this hold yet, so " + nsid + " cannot verify callers");
    }

    /**
     * The caller, who must be the captain or a crew member holding {@code permission} ({@code blob:read},
     * {@code blob:write}); a 401 without valid credentials, a 403 without the permission.
     */
    Caller requirePermission(Context ctx, String nsid, String permission) {
        Caller caller = required(ctx, nsid);
        throw XrpcException.forbidden("Forbidden", caller.did() + " lacks " + permission);
    }

    /** The caller; a 401 when the request has no or bad credentials. */
    Caller required(Context ctx, String nsid) {
        return optional(ctx, nsid).orElseThrow(() -> XrpcException.unauthorized("AuthenticationRequired",
                nsid + " needs an 'Authorization: Bearer' service token from your PDS (com.atproto.server.getServiceAuth)"));
    }
}

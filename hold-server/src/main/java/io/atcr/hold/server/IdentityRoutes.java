package io.atcr.hold.server;

import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/** Health, {@code describeServer}, the hold's DID document, handle and {@code resolveHandle}. */
final class IdentityRoutes {
    static final String VERSION = readVersion();

    private final HoldIdentity identity;
    private final BlueskyPresence bluesky;

    IdentityRoutes(HoldIdentity identity, BlueskyPresence bluesky) {
        this.identity = identity;
        this.bluesky = bluesky;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/_health", this::health);
        routes.get("/xrpc/com.atproto.server.describeServer", this::describeServer);
        routes.get("/.well-known/did.json", this::didDocument);
        routes.get("/.well-known/atproto-did", ctx -> ctx.contentType("text/plain; charset=utf-8").result(identity.did()));
        routes.get("/xrpc/com.atproto.identity.resolveHandle", this::resolveHandle);
        routes.get("/xrpc/app.bsky.actor.getProfile", this::profile);
    }

    /** The hold's own Bluesky profile, while HOLD_BLUESKY_POSTS is on. */
    private void profile(Context ctx) {
        String actor = Xrpc.requiredParam(ctx, "actor");
        if (!actor.equals(identity.did()) && !actor.equalsIgnoreCase(identity.handle())) {
            throw Failure.badRequest("ProfileNotFound", "this hold serves only its own profile, "
                    + identity.did() + "; ask Bluesky's AppView for others");
        }
        if (!bluesky.enabled()) {
            throw Failure.badRequest("ProfileNotFound", "this hold keeps no Bluesky profile (HOLD_BLUESKY_POSTS is off)");
        }
        Map<String, Object> profile = bluesky.profile();
        ctx.json(Map.of("did", identity.did(), "handle", identity.handleOrInvalid(),
                "displayName", profile.get("displayName"), "description", profile.get("description")));
    }

    /** The hold resolves only its own handle, its host: it is not a PDS for anyone else. */
    private void resolveHandle(Context ctx) {
        String handle = Xrpc.requiredParam(ctx, "handle").toLowerCase(java.util.Locale.ROOT);
        if (!handle.equals(identity.handle())) {
            throw Failure.badRequest("HandleNotFound", "this hold knows only its own handle, "
                    + identity.handle() + "; resolve other handles through their own DNS or PDS");
        }
        ctx.json(Map.of("did", identity.did()));
    }

    private void health(Context ctx) {
        ctx.json(Map.of("version", VERSION));
    }

    private void describeServer(Context ctx) {
        ctx.json(Map.of(
                "did", identity.did(),
                "availableUserDomains", java.util.List.of(),
                "inviteCodeRequired", false));
    }

    private void didDocument(Context ctx) {
        ctx.json(identity.didDocument());
    }

    private static String readVersion() {
        try (InputStream in = IdentityRoutes.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown"; // run from classes that Maven did not filter
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

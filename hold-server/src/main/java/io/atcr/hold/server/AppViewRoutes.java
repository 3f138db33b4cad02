package io.atcr.hold.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.config.Quotas;
import io.atcr.hold.crew.AppViewTiers;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.identity.Did;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code updateCrewTier}: AppView mode, where upstream's AppView bills and tells the hold each member's tier. */
final class AppViewRoutes {
    static final String UPDATE_CREW_TIER = "io.atcr.hold.updateCrewTier";

    private final HoldConfig config;
    private final Quotas quotas;
    private final AppViewTiers appViewTiers;
    private final HoldIdentity identity;
    private final Auth auth;

    AppViewRoutes(HoldConfig config, Quotas quotas, AppViewTiers appViewTiers, HoldIdentity identity, Auth auth) {
        this.config = config;
        this.quotas = quotas;
        this.appViewTiers = appViewTiers;
        this.identity = identity;
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.post("/xrpc/" + UPDATE_CREW_TIER, this::updateCrewTier);
    }

    private void updateCrewTier(Context ctx) {
        String appView = config.access().appView().orElseThrow(() -> Failure.notImplemented("AppViewNotConfigured",
                "this hold trusts no AppView to set tiers; its operator sets HOLD_APPVIEW_DID (for example did:web:atcr.io) to turn AppView mode on"));
        Caller caller = auth.required(ctx, UPDATE_CREW_TIER);
        if (!caller.did().equals(appView)) {
            throw Failure.forbidden("Forbidden", "only this hold's AppView (" + appView + ") may set crew tiers, not "
                    + caller.did());
        }
        if (!caller.boundToMethod()) {
            throw Failure.unauthorized("AuthRequired", "the AppView's service token must name the method: ask for "
                    + "it with lxm=" + UPDATE_CREW_TIER);
        }
        JsonNode body = Xrpc.body(ctx);
        String did = Xrpc.optionalString(body, "userDid").filter(Did::isValid).orElseThrow(() ->
                Failure.badRequest("InvalidUserDid", "'userDid' must be the member's DID, like did:plc:…"));
        JsonNode rank = body.path("tierRank");
        if (!rank.isIntegralNumber() || !rank.canConvertToLong() || rank.longValue() < 0) {
            throw Failure.invalidRequest("'tierRank' must be a whole number from 0 (this hold's smallest tier, "
                    + "as io.atcr.hold.listTiers orders them)");
        }
        if (!quotas.tiers().quotasOn()) {
            throw Failure.conflict("NoTiers", "this hold runs without quotas.yaml, so it has no tiers to set and "
                    + "its members have no limit");
        }
        Tier tier = appViewTiers.set(did, rank.longValue()).orElseThrow(() -> Failure.notFound(
                "UserNotFound", did + " is not crew of " + identity.did() + "; the member joins first (requestCrew)"));
        ctx.json(Map.of("tierName", tier.name()));
    }
}

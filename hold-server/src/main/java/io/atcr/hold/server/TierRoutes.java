package io.atcr.hold.server;

import io.atcr.hold.config.Quotas;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.identity.Did;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code listTiers} and {@code getQuota}. */
final class TierRoutes {
    private final Quotas quotas;
    private final QuotaService quota;

    TierRoutes(Quotas quotas, QuotaService quota) {
        this.quotas = quotas;
        this.quota = quota;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/io.atcr.hold.listTiers", this::listTiers);
        routes.get("/xrpc/io.atcr.hold.getQuota", this::getQuota);
    }

    private void listTiers(Context ctx) {
        List<TierView> tiers = quotas.tiers().tiers().stream().map(TierView::of).toList();
        ctx.json(Map.of("tiers", tiers));
    }

    /** A tier as {@code listTiers} shows it. */
    record TierView(String name, long quotaBytes, String quotaFormatted, String description) {
        static TierView of(Tier tier) {
            return new TierView(tier.name(), tier.quotaBytes(), tier.quotaFormatted(), tier.description());
        }
    }

    private void getQuota(Context ctx) {
        String did = Xrpc.optionalParam(ctx, "userDid").orElse("");
        if (!Did.isValid(did)) {
            throw Failure.badRequest("InvalidUserDid", "'userDid' must be a DID like did:plc:… or did:web:…"
                    + (did.isEmpty() ? "" : ", not '" + did + "'"));
        }
        ctx.json(quota.report(did));
    }
}

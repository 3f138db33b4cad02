package io.atcr.hold.server;

import io.atcr.hold.record.HoldRecords;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.record.RecordPage;
import io.atcr.hold.record.RecordView;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** {@code com.atproto.repo.getRecord} and {@code listRecords} over the hold's own records. */
final class RecordRoutes {
    private final HoldRecords records;
    private final HoldIdentity identity;

    RecordRoutes(HoldRecords records, HoldIdentity identity) {
        this.records = records;
        this.identity = identity;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/com.atproto.repo.getRecord", this::getRecord);
        routes.get("/xrpc/com.atproto.repo.listRecords", this::listRecords);
    }

    private void getRecord(Context ctx) {
        String collection = collection(ctx);
        String rkey = Xrpc.requiredParam(ctx, "rkey");
        RecordView record = records.get(collection, rkey).orElseThrow(() -> Failure.notFound("RecordNotFound",
                "no record " + collection + "/" + rkey + " on this hold; listRecords shows the keys that exist"));
        Optional<String> version = Xrpc.optionalParam(ctx, "cid");
        if (version.isPresent() && !version.get().equals(record.cid())) {
            // As the reference PDS answers: the record exists, but not in the version asked for.
            throw Failure.badRequest("RecordNotFound", "the record " + collection + "/" + rkey + " is now "
                    + record.cid() + ", not " + version.get() + "; ask without cid for its current version");
        }
        ctx.json(record);
    }

    private void listRecords(Context ctx) {
        String collection = collection(ctx);
        int limit = Xrpc.intParam(ctx, "limit", 50, 1, 100);
        boolean reverse = Xrpc.optionalParam(ctx, "reverse").map(RecordRoutes::bool).orElse(false);
        RecordPage page = records.list(collection, limit, Xrpc.optionalParam(ctx, "cursor").orElse(null), reverse);
        ctx.json(page.cursor() == null ? Map.of("records", page.records())
                : Map.of("records", page.records(), "cursor", page.cursor()));
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Failure.invalidRequest("'reverse' must be true or false, not '" + text + "'");
        };
    }

    private String collection(Context ctx) {
        String repo = Xrpc.requiredParam(ctx, "repo");
        if (!repo.equals(identity.did())) {
            throw Failure.notFound("RepoNotFound", "this hold serves only its own repo " + identity.did()
                    + ", not " + repo);
        }
        String collection = Xrpc.requiredParam(ctx, "collection");
        if (!records.knows(collection)) {
            throw Failure.invalidRequest("unknown collection '" + collection + "'; this hold keeps "
                    + String.join(", ", records.collections()));
        }
        return collection;
    }
}

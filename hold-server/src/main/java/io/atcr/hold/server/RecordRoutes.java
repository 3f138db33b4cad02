package io.atcr.hold.server;

import io.atcr.hold.Hold;
import io.atcr.hold.record.RecordPage;
import io.atcr.hold.xrpc.XrpcException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code com.atproto.repo.getRecord} and {@code listRecords} over the hold's own records. */
final class RecordRoutes {
    private final Hold hold;

    RecordRoutes(Hold hold) {
        this.hold = hold;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/com.atproto.repo.getRecord", this::getRecord);
        routes.get("/xrpc/com.atproto.repo.listRecords", this::listRecords);
    }

    private void getRecord(Context ctx) {
        String collection = collection(ctx);
        String rkey = Xrpc.requiredParam(ctx, "rkey");
        ctx.json(hold.records().get(collection, rkey).orElseThrow(() -> XrpcException.notFound("RecordNotFound",
                "no record " + collection + "/" + rkey + " on this hold; listRecords shows the keys that exist")));
    }

    private void listRecords(Context ctx) {
        String collection = collection(ctx);
        int limit = Xrpc.intParam(ctx, "limit", 50, 1, 100);
        RecordPage page = hold.records().list(collection, limit, Xrpc.optionalParam(ctx, "cursor").orElse(null));
        ctx.json(page.cursor() == null ? Map.of("records", page.records())
                : Map.of("records", page.records(), "cursor", page.cursor()));
    }

    private String collection(Context ctx) {
        String repo = Xrpc.requiredParam(ctx, "repo");
        if (!repo.equals(hold.identity().did())) {
            throw XrpcException.notFound("RepoNotFound", "this hold serves only its own repo " + hold.identity().did()
                    + ", not " + repo);
        }
        String collection = Xrpc.requiredParam(ctx, "collection");
        if (!hold.records().knows(collection)) {
            throw XrpcException.invalidRequest("unknown collection '" + collection + "'; this hold keeps "
                    + String.join(", ", hold.records().collections()));
        }
        return collection;
    }
}

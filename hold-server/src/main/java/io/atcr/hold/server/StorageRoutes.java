package io.atcr.hold.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.storage.Uploads;
import io.atcr.hold.crew.Permission;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.storage.BlobInfo;
import io.atcr.hold.storage.CompletedPart;
import io.atcr.hold.storage.PartTarget;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The upload methods; {@link BlobRoutes} serves the bytes back, {@link ManifestRoutes} records what they are. */
final class StorageRoutes {
    static final String INITIATE = "io.atcr.hold.initiateUpload";
    static final String PART_URL = "io.atcr.hold.getPartUploadUrl";
    static final String UPLOAD_PART = "io.atcr.hold.uploadPart";
    static final String COMPLETE = "io.atcr.hold.completeUpload";
    static final String ABORT = "io.atcr.hold.abortUpload";

    private final Uploads uploads;
    private final Auth auth;

    StorageRoutes(Uploads uploads, Auth auth) {
        this.uploads = uploads;
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.post("/xrpc/" + INITIATE, this::initiate);
        routes.post("/xrpc/" + PART_URL, this::partUrl);
        routes.put("/xrpc/" + UPLOAD_PART, this::uploadPart);
        routes.post("/xrpc/" + COMPLETE, this::complete);
        routes.post("/xrpc/" + ABORT, this::abort);
    }

    private void initiate(Context ctx) {
        Caller caller = auth.requirePermission(ctx, INITIATE, Permission.BLOB_WRITE);
        String digest = Xrpc.requiredString(Xrpc.body(ctx), "digest");
        ctx.json(Map.of("uploadId", uploads.initiate(caller.did(), digest)));
    }

    private void partUrl(Context ctx) {
        Caller caller = auth.requirePermission(ctx, PART_URL, Permission.BLOB_WRITE);
        JsonNode body = Xrpc.body(ctx);
        PartTarget target = uploads.partTarget(caller.did(), Xrpc.requiredString(body, "uploadId"), intField(body, "partNumber"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", target.url());
        out.put("method", target.method());
        if (!target.headers().isEmpty()) {
            out.put("headers", target.headers());
        }
        ctx.json(out);
    }

    /** Authorised by the signed URL alone, like an S3 presigned URL: no token. */
    private void uploadPart(Context ctx) {
        String uploadId = Xrpc.requiredParam(ctx, "uploadId");
        int partNumber = Xrpc.intParam(ctx, "partNumber", 0, 1, Uploads.MAX_PARTS);
        long expires = longParam(ctx, "expires");
        String signature = Xrpc.requiredParam(ctx, "sig");
        String etag;
        try {
            etag = uploads.uploadPart(uploadId, partNumber, expires, signature, ctx.bodyInputStream(),
                    ctx.req().getContentLengthLong());
        } catch (Failure refused) {
            if (!refused.error().endsWith("Signature")) {
                drainSmallBody(ctx); // the URL's holder, refused before the bytes were read, gets the answer
            }
            throw refused;
        }
        ctx.header("ETag", "\"" + etag + "\"");
        ctx.json(Map.of("etag", etag));
    }

    private void complete(Context ctx) {
        Caller caller = auth.requirePermission(ctx, COMPLETE, Permission.BLOB_WRITE);
        JsonNode body = Xrpc.body(ctx);
        BlobInfo blob = uploads.complete(caller.did(), Xrpc.requiredString(body, "uploadId"),
                Xrpc.requiredString(body, "digest"), parts(body));
        ctx.json(Map.of("status", "completed", "digest", blob.digest()));
    }

    private void abort(Context ctx) {
        Caller caller = auth.requirePermission(ctx, ABORT, Permission.BLOB_WRITE);
        uploads.abort(caller.did(), Xrpc.requiredString(Xrpc.body(ctx), "uploadId"));
        ctx.json(Map.of("status", "aborted"));
    }

    /** Parts refused unread, up to this size, are read to their end first. */
    static final long DRAIN_LIMIT = 1024 * 1024;

    /**
     * A part refused before its bytes were read (the upload is completing, no room is left) would otherwise have its
     * connection closed under the client while it still sends, and the client would see a reset instead of the JSON
     * error. Only a declared, small part is drained, and only for a caller whose part URL verified.
     */
    private static void drainSmallBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length <= 0 || length > DRAIN_LIMIT) {
            return;
        }
        try {
            ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException | IllegalStateException gone) {
            // the client went away: nothing to drain
        }
    }

    private static List<CompletedPart> parts(JsonNode body) {
        JsonNode parts = body.path("parts");
        if (!parts.isArray()) {
            throw Failure.invalidRequest("missing 'parts': the uploaded parts as [{partNumber, etag}], in order");
        }
        List<CompletedPart> out = new ArrayList<>();
        for (JsonNode part : parts) {
            out.add(new CompletedPart(intField(part, "partNumber"), Xrpc.requiredString(part, "etag")));
        }
        return out;
    }

    static int intField(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw Failure.invalidRequest("'" + field + "' must be a whole number");
        }
        return value.intValue();
    }

    private static long longParam(Context ctx, String name) {
        try {
            return Long.parseLong(Xrpc.requiredParam(ctx, name));
        } catch (NumberFormatException e) {
            throw Failure.invalidRequest("'" + name + "' must be a whole number");
        }
    }
}

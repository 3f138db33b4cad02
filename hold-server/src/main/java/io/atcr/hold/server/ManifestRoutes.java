package io.atcr.hold.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.manifest.ManifestService;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.manifest.LayerRecords;
import io.atcr.hold.crew.Permission;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.manifest.ManifestNotice;
import io.atcr.hold.record.Syntax;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code notifyManifest} (upstream's {@code manifestInfo}) and {@code getLayersForManifest}. */
final class ManifestRoutes {
    static final String NOTIFY = "io.atcr.hold.notifyManifest";
    static final String LAYERS = "io.atcr.hold.getLayersForManifest";
    private static final int MAX_REPOSITORY = 256;
    /** The layer record's limit for a media type. */
    private static final int MAX_MEDIA_TYPE = 128;
    /** A manifest record's place: a DID's io.atcr.manifest collection and a record key (the syntax is Syntax's). */
    private static final Pattern MANIFEST_URI = Pattern.compile("at://did:[^/]+/io\\.atcr\\.manifest/[^/]+");

    private final ManifestService manifests;
    private final Captain captain;
    private final LayerRecords layers;
    private final Auth auth;

    ManifestRoutes(ManifestService manifests, Captain captain, LayerRecords layers, Auth auth) {
        this.manifests = manifests;
        this.captain = captain;
        this.layers = layers;
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.post("/xrpc/" + NOTIFY, this::notifyManifest);
        routes.get("/xrpc/" + LAYERS, this::layersForManifest);
    }

    private void notifyManifest(Context ctx) {
        Caller caller = auth.requirePermission(ctx, NOTIFY, Permission.BLOB_WRITE);
        JsonNode body = Xrpc.body(ctx);
        JsonNode manifest = body.get("manifest");
        if (manifest == null || !manifest.isObject()) {
            throw Failure.invalidRequest("missing 'manifest': the manifest as {mediaType?, config?, layers?, manifests?}");
        }
        boolean index = manifest.has("manifests") && !manifest.get("manifests").isNull();
        if (index && !manifest.get("manifests").isArray()) {
            throw Failure.invalidRequest("'manifest.manifests' must be an array of child manifests");
        }
        List<ManifestNotice.Blob> blobs = new ArrayList<>();
        JsonNode config = manifest.get("config");
        if (config != null && !config.isNull()) {
            blobs.add(blob(config, "manifest.config", ManifestNotice.CONFIG_MEDIA_TYPE));
        }
        JsonNode layers = manifest.get("layers");
        if (layers != null && !layers.isNull()) {
            if (!layers.isArray()) {
                throw Failure.invalidRequest("'manifest.layers' must be an array of {digest, size, mediaType}");
            }
            for (JsonNode layer : layers) {
                blobs.add(blob(layer, "each of 'manifest.layers'", ManifestNotice.LAYER_MEDIA_TYPE));
            }
        }
        ManifestNotice notice = new ManifestNotice(repository(body), Xrpc.requiredString(body, "userDid"),
                Xrpc.requiredString(body, "manifestDigest"), Xrpc.optionalString(body, "tag").orElse(null),
                operation(body), blobs, index);
        ctx.json(manifests.notify(caller.did(), notice, auth.mayRead(ctx, caller)));
    }

    private void layersForManifest(Context ctx) {
        if (captain.publicHold()) {
            auth.optional(ctx, LAYERS);
        } else {
            auth.requirePermission(ctx, LAYERS, Permission.BLOB_READ);
        }
        String manifest = Xrpc.requiredParam(ctx, "manifest");
        if (!Syntax.isAtUri(manifest) || !MANIFEST_URI.matcher(manifest).matches()) {
            throw Failure.invalidRequest("'manifest' must be a manifest's AT-URI, like "
                    + "at://did:plc:…/io.atcr.manifest/<digest hex>, not '" + manifest + "'");
        }
        ctx.json(Map.of("layers", layers.ofManifest(manifest).stream().map(LayerRecord::value).toList()));
    }

    private static String repository(JsonNode body) {
        String repository = Xrpc.requiredString(body, "repository");
        if (repository.length() > MAX_REPOSITORY) {
            throw Failure.invalidRequest("'repository' may have at most " + MAX_REPOSITORY + " characters");
        }
        return repository;
    }

    private static ManifestNotice.Operation operation(JsonNode body) {
        String operation = Xrpc.optionalString(body, "operation").orElse("push");
        return switch (operation) {
            case "push" -> ManifestNotice.Operation.PUSH;
            case "pull" -> ManifestNotice.Operation.PULL;
            default -> throw Failure.badRequest("InvalidOperation", "'operation' must be push or pull, not '"
                    + operation.toLowerCase(Locale.ROOT) + "'");
        };
    }

    private static ManifestNotice.Blob blob(JsonNode node, String where, String defaultMediaType) {
        if (!node.isObject()) {
            throw Failure.invalidRequest(where + " must be an object {digest, size, mediaType?}");
        }
        JsonNode size = node.path("size");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw Failure.invalidRequest(where + " needs 'size', a whole number of bytes");
        }
        String digest = Xrpc.optionalString(node, "digest").orElseThrow(() ->
                Failure.invalidRequest(where + " needs 'digest', like sha256:<64 hex digits>"));
        String mediaType = Xrpc.optionalString(node, "mediaType").filter(type -> !type.isBlank()).orElse(defaultMediaType);
        if (mediaType.length() > MAX_MEDIA_TYPE) {
            throw Failure.invalidRequest(where + " has a 'mediaType' longer than " + MAX_MEDIA_TYPE + " characters");
        }
        return new ManifestNotice.Blob(digest, size.longValue(), mediaType);
    }
}

package io.atcr.hold.server;

import io.atcr.hold.db.Database;
import io.atcr.hold.repo.Repository;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.record.HoldRecords;
import io.atcr.hold.record.Cid;
import io.atcr.hold.record.Syntax;
import io.atcr.hold.repo.Car;
import io.atcr.hold.repo.RepoExport;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The repository sync methods ({@code com.atproto.sync.*}) and {@code describeRepo}: the hold's one repository. */
final class SyncRoutes {
    private static final String CAR = "application/vnd.ipld.car";
    private static final int MAX_BLOCKS = 1000;

    private final HoldIdentity identity;
    private final HoldRecords records;
    private final RepoExport export;

    SyncRoutes(Database database, Repository repository, HoldIdentity identity, HoldRecords records) {
        this.identity = identity;
        this.records = records;
        this.export = new RepoExport(database, repository);
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/com.atproto.sync.getLatestCommit", this::latestCommit);
        routes.get("/xrpc/com.atproto.sync.getRepo", this::repo);
        routes.get("/xrpc/com.atproto.sync.getRecord", this::record);
        routes.get("/xrpc/com.atproto.sync.getBlocks", this::blocks);
        routes.get("/xrpc/com.atproto.sync.listRepos", this::listRepos);
        routes.get("/xrpc/com.atproto.sync.getRepoStatus", this::repoStatus);
        routes.get("/xrpc/com.atproto.repo.describeRepo", this::describeRepo);
    }

    /** The {@code did} (or {@code repo}) parameter, which must be this hold's DID. */
    private void requireOwnRepo(Context ctx, String param) {
        String did = Xrpc.requiredParam(ctx, param);
        if (!did.equals(identity.did()) && !did.equals(identity.handle())) {
            throw Failure.notFound("RepoNotFound", "this hold keeps only its own repository, "
                    + identity.did() + ", not " + did);
        }
    }

    private void latestCommit(Context ctx) {
        requireOwnRepo(ctx, "did");
        Repository.Head head = export.head();
        ctx.json(Map.of("cid", head.commit().toString(), "rev", head.rev()));
    }

    private void repo(Context ctx) throws IOException {
        requireOwnRepo(ctx, "did");
        String since = Xrpc.optionalParam(ctx, "since").orElse(null);
        if (since != null && !Syntax.isTid(since)) {
            throw Failure.invalidRequest("'since' must be a rev (a TID, as getLatestCommit answers), not '" + since + "'");
        }
        ctx.contentType(CAR);
        if (since == null) {
            export.writeRepo(ctx.res().getOutputStream());
        } else {
            export.writeSince(ctx.res().getOutputStream(), since);
        }
    }

    private void record(Context ctx) {
        requireOwnRepo(ctx, "did");
        String collection = Xrpc.requiredParam(ctx, "collection");
        String rkey = Xrpc.requiredParam(ctx, "rkey");
        if (!Syntax.isNsid(collection) || !Syntax.isRecordKey(rkey)) {
            throw Failure.invalidRequest("'collection' must be an NSID and 'rkey' a record key");
        }
        ctx.contentType(CAR).result(export.recordProof(collection, rkey));
    }

    private void blocks(Context ctx) throws IOException {
        requireOwnRepo(ctx, "did");
        List<String> texts = ctx.queryParams("cids");
        if (texts.isEmpty() || texts.size() > MAX_BLOCKS) {
            throw Failure.invalidRequest("give 1 to " + MAX_BLOCKS + " 'cids' parameters");
        }
        List<Cid> cids = new ArrayList<>();
        for (String text : texts) {
            try {
                cids.add(Cid.parse(text));
            } catch (IllegalArgumentException e) {
                throw Failure.invalidRequest("'" + text + "' is not a CID");
            }
        }
        Map<Cid, byte[]> found = export.blocks(cids);
        for (Cid cid : cids) {
            if (!found.containsKey(cid)) {
                throw Failure.badRequest("BlockNotFound", "the repository has no block " + cid);
            }
        }
        ctx.contentType(CAR).result(Car.of(null, found));
    }

    private void listRepos(Context ctx) {
        Repository.Head head = export.head();
        Map<String, Object> repo = new LinkedHashMap<>();
        repo.put("did", identity.did());
        repo.put("head", head.commit().toString());
        repo.put("rev", head.rev());
        repo.put("active", true);
        // One repository: a cursor past it lists nothing.
        ctx.json(Xrpc.optionalParam(ctx, "cursor").isPresent() ? Map.of("repos", List.of()) : Map.of("repos", List.of(repo)));
    }

    private void repoStatus(Context ctx) {
        requireOwnRepo(ctx, "did");
        ctx.json(Map.of("did", identity.did(), "active", true, "rev", export.head().rev()));
    }

    private void describeRepo(Context ctx) {
        requireOwnRepo(ctx, "repo");
        ctx.json(Map.of(
                "handle", identity.handleOrInvalid(),
                "did", identity.did(),
                "didDoc", identity.didDocument(),
                "collections", records.collectionsInUse(),
                "handleIsCorrect", true));
    }
}

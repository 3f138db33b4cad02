package io.atcr.hold.server;

import io.atcr.hold.storage.Uploads;
import io.atcr.hold.identity.HoldIdentity;
import io.atcr.hold.crew.Captain;
import java.time.Clock;
import io.atcr.hold.crew.Permission;
import io.atcr.hold.storage.BlobInfo;
import io.atcr.hold.storage.BlobStore;
import io.atcr.hold.storage.Digests;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code com.atproto.sync.getBlob} (GET and HEAD): a blob's bytes, whole or one range, streamed; or, where the
 * driver hands out its own URLs (a bucket), a 307 to one, and HEAD answered from the driver's lookup.
 */
final class BlobRoutes {
    static final String GET_BLOB = "com.atproto.sync.getBlob";
    private static final Logger log = LoggerFactory.getLogger(BlobRoutes.class);
    /** How much of a blob is mapped into memory at once; the kernel copies it to the socket from the page cache. */
    private static final long WINDOW = 64L * 1024 * 1024;

    private final HoldIdentity identity;
    private final Captain captain;
    private final Clock clock;
    private final Auth auth;
    private final BlobStore store;

    BlobRoutes(BlobStore store, HoldIdentity identity, Captain captain, Clock clock, Auth auth) {
        this.identity = identity;
        this.captain = captain;
        this.clock = clock;
        this.auth = auth;
        this.store = store;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/" + GET_BLOB, ctx -> serve(ctx, true));
        routes.head("/xrpc/" + GET_BLOB, ctx -> serve(ctx, false));
    }

    private void serve(Context ctx, boolean withBody) throws IOException {
        String did = Xrpc.requiredParam(ctx, "did");
        String cid = Xrpc.requiredParam(ctx, "cid");
        if (!did.equals(identity.did())) {
            throw Failure.notFound("RepoNotFound", "this hold serves only its own blobs, under "
                    + identity.did() + ", not " + did);
        }
        if (captain.publicHold()) {
            auth.optional(ctx, GET_BLOB);
        } else {
            auth.requirePermission(ctx, GET_BLOB, Permission.BLOB_READ);
        }
        String digest = Digests.ofReference(cid).orElseThrow(() -> Failure.invalidRequest("'cid' must name a blob: "
                + "its digest sha256:<64 lowercase hex digits>, or the CIDv1 of its bytes (raw, sha2-256: bafkrei…)"));
        BlobInfo blob = store.stat(digest).orElseThrow(() ->
                Failure.notFound("BlobNotFound", "this hold has no blob " + digest));
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.header("Range"), blob.size());
        } catch (ByteRange.Unsatisfiable e) {
            ctx.header("Content-Range", "bytes */" + blob.size());
            throw new Failure(Failure.Kind.OUT_OF_RANGE, "RangeNotSatisfiable", "the blob has " + blob.size()
                    + " bytes; ask for a range that starts before its end");
        }
        if (withBody) {
            Optional<java.net.URI> direct = store.downloadUrl(digest, clock.instant().plus(Uploads.PART_URL_LIFETIME));
            if (direct.isPresent()) {
                // The bucket serves the bytes, and the Range (checked above) the client sends again; the URL expires.
                ctx.header("Cache-Control", "no-store");
                ctx.redirect(direct.get().toString(), io.javalin.http.HttpStatus.TEMPORARY_REDIRECT);
                return;
            }
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(blob.size());
        ctx.status(range.isPresent() ? 206 : 200);
        range.ifPresent(r -> ctx.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + blob.size()));
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("ETag", "\"" + digest + "\"");
        ctx.header("Cache-Control", "private, max-age=31536000, immutable");
        ctx.contentType("application/octet-stream");
        ctx.res().setContentLengthLong(length);
        if (withBody) {
            try (SeekableByteChannel in = store.open(digest)) {
                send(in, first, length, ctx.res().getOutputStream());
            } catch (IOException e) {
                // Most often the client went away mid-blob; the status line is sent, so nothing more can be said.
                log.debug("sending {} stopped: {}", digest, e.getMessage());
            }
        }
    }

    private static void send(SeekableByteChannel in, long first, long length, OutputStream out) throws IOException {
        if (in instanceof FileChannel file && out instanceof HttpOutput jetty) {
            for (long done = 0; done < length; ) {
                long n = Math.min(WINDOW, length - done);
                jetty.write(file.map(FileChannel.MapMode.READ_ONLY, first + done, n));
                done += n;
            }
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        in.position(first);
        for (long left = length; left > 0; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the blob ended early");
            }
            out.write(buffer.array(), 0, n);
            left -= n;
        }
    }
}

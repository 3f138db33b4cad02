package io.atcr.hold.server;

import io.atcr.hold.identity.Caller;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path without the query (which holds part URLs' signatures), status, bytes sent,
 * milliseconds, and the caller's DID when a token verified. Never a header, so never a token.
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private AccessLog() {
    }

    static void write(Context ctx, Float millis) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Caller caller = Auth.knownCaller(ctx);
        String bytes = ctx.res().getHeader("Content-Length");
        log.info("{} {} {} {} {}ms {}", ctx.method(), ctx.path(), ctx.status().getCode(), bytes == null ? "-" : bytes,
                millis == null ? "-" : Math.round(millis), caller == null ? "-" : caller.did());
    }
}

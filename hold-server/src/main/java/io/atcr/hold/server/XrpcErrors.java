package io.atcr.hold.server;

import io.atcr.hold.db.DatabaseException;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place failures become XRPC JSON errors: never a stack trace, never an HTML page. */
final class XrpcErrors {
    private static final Logger log = LoggerFactory.getLogger(XrpcErrors.class);

    private XrpcErrors() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(Failure.class, (e, ctx) -> {
            if (e.kind().holdSide()) {
                // One line: a Stripe failure is logged where it happens (with the API base), a storage one names its
                // I/O cause; a stack trace tells an operator nothing more.
                boolean storage = e.getCause() instanceof java.io.IOException;
                log.warn("{} {} failed: {} {}{}", ctx.method(), ctx.path(), e.error(), e.getMessage(),
                        storage ? " (" + e.getCause() + ")" : "");
            }
            render(ctx, status(e.kind()), e.error(), e.getMessage());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> render(ctx, e.getStatus(), errorName(e.getStatus()),
                messageOf(e)));
        routes.exception(DatabaseException.class, (e, ctx) -> {
            log.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            render(ctx, 503, "DatabaseUnavailable", "the hold's database is unavailable; try again shortly");
        });
        routes.exception(io.atcr.hold.repo.RepositoryDamaged.class, (e, ctx) -> {
            log.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            render(ctx, 503, "RepositoryUnavailable", "the hold's repository cannot be read; its operator has been told");
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            render(ctx, 500, "InternalServerError", "the hold failed to answer; the operator can find the cause in its log");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null) {
                render(ctx, 404, "NotFound", "nothing at " + ctx.path() + "; XRPC methods live under /xrpc/");
            }
        });
        routes.error(405, ctx -> {
            if (ctx.result() == null) {
                render(ctx, 405, "InvalidRequest", ctx.method() + " is not allowed on " + ctx.path()
                        + "; queries use GET, procedures use POST");
            }
        });
    }

    /** The one place a kind of failure becomes an HTTP status. */
    static int status(Failure.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case WRONG_METHOD -> 405;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case OUT_OF_RANGE -> 416;
            case TOO_MANY -> 429;
            case NOT_IMPLEMENTED -> 501;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
            case STORAGE_FULL -> 507;
        };
    }

    static void render(Context ctx, int status, String error, String message) {
        ctx.status(status).json(Map.of("error", error, "message", message));
    }

    private static String messageOf(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> "the request body is larger than this hold accepts";
            case 400 -> "bad request: " + e.getMessage();
            default -> e.getMessage();
        };
    }

    /** The error name of an answer whose status is all that is known (Javalin's and Jetty's own refusals). */
    static String errorName(int status) {
        return switch (status) {
            case 401 -> "AuthRequired";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 413 -> "PayloadTooLarge";
            case 414 -> "UriTooLong";
            case 426 -> "UpgradeRequired";
            case 431 -> "HeadersTooLarge";
            case 505 -> "HttpVersionNotSupported";
            default -> status >= 500 ? "InternalServerError" : "InvalidRequest";
        };
    }
}

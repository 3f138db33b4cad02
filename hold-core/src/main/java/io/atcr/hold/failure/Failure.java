package io.atcr.hold.failure;

/**
 * The one failure type callers see: its kind, an XRPC error name ({@code QuotaExceeded}) and a message that says what
 * happened and what to do. Every layer throws it; only the server knows which HTTP status each kind is, so the core
 * says what went wrong and never how the web answers it. Anything else thrown becomes an internal error there.
 */
public final class Failure extends RuntimeException {

    /** What kind of failure it is, which decides how it is answered. */
    public enum Kind {
        /** The request is malformed or names something impossible; sending it again as is cannot work. */
        BAD_INPUT,
        /** No credentials, or credentials that do not check out. */
        UNAUTHORIZED,
        /** The caller is known but may not do this (a quota, a role, another's data). */
        FORBIDDEN,
        NOT_FOUND,
        /** A known method called with the wrong HTTP method. */
        WRONG_METHOD,
        /** The request conflicts with the state (an upload being completed, a member already in). */
        CONFLICT,
        /** Larger than the hold accepts. */
        TOO_LARGE,
        /** A range outside the blob. */
        OUT_OF_RANGE,
        /** The caller has too much going on at once. */
        TOO_MANY,
        /** The hold does not do this (a method it lacks, billing that is off). */
        NOT_IMPLEMENTED,
        /** A service the hold relies on (Stripe) failed; a retry may succeed. */
        UPSTREAM_FAILED,
        /** The hold or its storage cannot answer now; a retry may succeed. */
        UNAVAILABLE,
        /** The storage has no room. */
        STORAGE_FULL;

        /** Whether the hold (or what it relies on) failed, rather than the request: worth a log line and a retry. */
        public boolean holdSide() {
            return this == UPSTREAM_FAILED || this == UNAVAILABLE || this == STORAGE_FULL;
        }
    }

    private final Kind kind;
    private final String error;

    public Failure(Kind kind, String error, String message) {
        super(message);
        this.kind = kind;
        this.error = error;
    }

    public Failure(Kind kind, String error, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.error = error;
    }

    public Kind kind() {
        return kind;
    }

    /** The XRPC error name. */
    public String error() {
        return error;
    }

    /** The same failure under another error name (upstream names every failure of one step alike). */
    public Failure named(String otherError) {
        return new Failure(kind, otherError, getMessage(), this);
    }

    public static Failure badRequest(String error, String message) {
        return new Failure(Kind.BAD_INPUT, error, message);
    }

    public static Failure invalidRequest(String message) {
        return new Failure(Kind.BAD_INPUT, "InvalidRequest", message);
    }

    public static Failure unauthorized(String error, String message) {
        return new Failure(Kind.UNAUTHORIZED, error, message);
    }

    public static Failure forbidden(String error, String message) {
        return new Failure(Kind.FORBIDDEN, error, message);
    }

    public static Failure notFound(String error, String message) {
        return new Failure(Kind.NOT_FOUND, error, message);
    }

    public static Failure conflict(String error, String message) {
        return new Failure(Kind.CONFLICT, error, message);
    }

    public static Failure notImplemented(String error, String message) {
        return new Failure(Kind.NOT_IMPLEMENTED, error, message);
    }

    /** Stripe (or another upstream) failed; a retry may succeed. */
    public static Failure upstream(String error, String message, Throwable cause) {
        return new Failure(Kind.UPSTREAM_FAILED, error, message, cause);
    }
}

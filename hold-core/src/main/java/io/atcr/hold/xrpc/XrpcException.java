package io.atcr.hold.xrpc;

/**
 * The one failure type callers see: an XRPC error name, an HTTP status and a message that says what to do.
 * Every layer throws this (or lets the server turn anything else into a 500 {@code InternalServerError}).
 */
public final class XrpcException extends RuntimeException {
    private final int status;
    private final String error;

    public XrpcException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public XrpcException(int status, String error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static XrpcException badRequest(String error, String message) {
        return new XrpcException(400, error, message);
    }

    public static XrpcException invalidRequest(String message) {
        return new XrpcException(400, "InvalidRequest", message);
    }

    public static XrpcException unauthorized(String error, String message) {
        return new XrpcException(401, error, message);
    }

    public static XrpcException forbidden(String error, String message) {
        return new XrpcException(403, error, message);
    }

    public static XrpcException notFound(String error, String message) {
        return new XrpcException(404, error, message);
    }

    public static XrpcException conflict(String error, String message) {
        return new XrpcException(409, error, message);
    }

    public static XrpcException notImplemented(String error, String message) {
        return new XrpcException(501, error, message);
    }

    /** Stripe (or another upstream) failed; a retry may succeed. */
    public static XrpcException upstream(String error, String message, Throwable cause) {
        return new XrpcException(502, error, message, cause);
    }
}

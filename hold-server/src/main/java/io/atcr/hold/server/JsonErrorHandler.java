package io.atcr.hold.server;

import io.atcr.hold.xrpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a bad request line, a URI or headers too long, an unknown HTTP version, malformed
 * percent-encoding) in the XRPC JSON error shape, instead of Jetty's HTML pages. Errors of the hold's routes never
 * get here: {@link XrpcErrors} renders those.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** Every method gets a body: Jetty's default gives only GET, POST and HEAD one, leaving OPTIONS * or PRI empty. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    static byte[] body(int status, String reason) {
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("error", XrpcErrors.errorName(status), "message", message(status, reason)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(int status, String reason) {
        String what = switch (status) {
            case 404 -> "nothing is served there; XRPC methods live under /xrpc/";
            case 414 -> "the request URI is longer than this hold accepts";
            case 426 -> "this hold speaks HTTP/1.1 without upgrades; send the request as HTTP/1.1";
            case 431 -> "the request headers are larger than this hold accepts (8 KiB); send a shorter token or Range";
            case 505 -> "this hold speaks HTTP/1.1 (and 1.0); send the request with one of those";
            default -> "the HTTP request is malformed";
        };
        String known = HttpStatus.getMessage(status);
        return reason == null || reason.isBlank() || reason.equals(known) ? what : what + " (" + reason + ")";
    }
}

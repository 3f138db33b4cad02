package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A method this hold serves, called with the wrong HTTP method, is 405 InvalidRequest naming the one to use. */
class WrongHttpMethodTest {
    @AutoClose
    private static final TestHold hold = TestHold.builder().start();

    @Test
    void getOnAProcedureIs405NamingPost() {
        XrpcResponse response = hold.get("/xrpc/io.atcr.hold.requestCrew");
        response.assertXrpcError(405, "InvalidRequest");
        assertTrue(response.message().contains("POST"), response.message());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void postOnAQueryIs405NamingGet() {
        XrpcResponse response = hold.post("/xrpc/io.atcr.hold.listTiers", java.util.Map.of());
        response.assertXrpcError(405, "InvalidRequest");
        assertTrue(response.message().contains("GET"), response.message());
    }

    @Test
    void putOnAQueryIs405() {
        hold.send(hold.request("/xrpc/com.atproto.sync.getRepo").PUT(HttpRequest.BodyPublishers.noBody()).build())
                .assertXrpcError(405, "InvalidRequest");
    }

    @Test
    void anUnknownMethodIsStill501() {
        hold.get("/xrpc/io.atcr.hold.noSuchMethod").assertXrpcError(501, "MethodNotImplemented");
        hold.post("/xrpc/io.atcr.hold.noSuchMethod", java.util.Map.of()).assertXrpcError(501, "MethodNotImplemented");
    }
}

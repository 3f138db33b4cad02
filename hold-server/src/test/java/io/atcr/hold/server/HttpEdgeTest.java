package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.xrpc.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What the HTTP server itself refuses is answered in the XRPC JSON error shape too, never HTML or nothing. */
class HttpEdgeTest {
    @AutoClose
    private static final TestHold hold = TestHold.builder().start();

    /** Sends raw bytes and answers the raw response (status line, headers, body) as the server wrote it. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", URI.create(hold.baseUrl()).getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    got.write(buffer, 0, n);
                    if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException closed) {
                // what arrived is the answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = response.substring(0, end).toLowerCase();
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int length = Integer.parseInt(head.substring(at + 15).split("\r\n")[0].trim());
        return response.length() - end - 4 >= length;
    }

    private static void assertJsonError(String response, int status) throws Exception {
        assertTrue(response.startsWith("HTTP/1.1 " + status), response);
        int end = response.indexOf("\r\n\r\n");
        String head = response.substring(0, end).toLowerCase();
        assertTrue(head.contains("content-type: application/json"), response);
        JsonNode body = Json.MAPPER.readTree(response.substring(end + 4));
        assertFalse(body.path("error").asText().isEmpty(), response);
        assertFalse(body.path("message").asText().isEmpty(), response);
        assertFalse(response.contains("<html"), response);
    }

    @Test
    void aNulInTheRequestLineIsAJsonError() throws Exception {
        assertJsonError(raw("GET /xrpc/_health\0 HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void malformedPercentEncodingIsAJsonError() throws Exception {
        assertJsonError(raw("GET /xrpc/%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void aTooLongUriIsAJsonError() throws Exception {
        assertJsonError(raw("GET /xrpc/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
    }

    @Test
    void tooLargeHeadersAreAJsonError() throws Exception {
        assertJsonError(raw("GET /xrpc/_health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + "a".repeat(9000)
                + "\r\n\r\n"), 431);
    }

    @Test
    void anUnsupportedHttpVersionIsAJsonError() throws Exception {
        assertJsonError(raw("GET /xrpc/_health HTTP/7.0\r\nHost: x\r\n\r\n"), 505);
    }

    @Test
    void optionsStarIsAJsonAnswer() throws Exception {
        String response = raw("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        assertJsonError(response, 404);
    }

    @Test
    void anHttp2PrefaceIsAJsonError() throws Exception {
        String response = raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 4") || response.startsWith("HTTP/1.1 5"), response);
        assertJsonError(response, Integer.parseInt(response.substring(9, 12)));
    }

    @Test
    void getOnTheUploadPartProcedureIs405() throws Exception {
        hold.get("/xrpc/io.atcr.hold.uploadPart").assertXrpcError(405, "InvalidRequest");
    }
}

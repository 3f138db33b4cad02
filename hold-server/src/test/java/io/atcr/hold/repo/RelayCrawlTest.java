package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.xrpc.Json;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** At start the hold asks each relay of HOLD_RELAYS to crawl its hostname; a relay that is down delays no other. */
class RelayCrawlTest {
    @Test
    void eachRelayIsAskedToCrawlTheHoldsHostname() throws Exception {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        relay.createContext("/xrpc/com.atproto.sync.requestCrawl", exchange -> {
            try (exchange) {
                if (exchange.getRequestMethod().equals("POST")) {
                    received.add(Json.MAPPER.readTree(exchange.getRequestBody()));
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        relay.start();
        int down;
        try (ServerSocket closed = new ServerSocket(0)) {
            down = closed.getLocalPort(); // nothing listens here once closed
        }
        try (TestHold hold = TestHold.builder().env("HOLD_RELAYS", "http://127.0.0.1:" + down
                + ", http://127.0.0.1:" + relay.getAddress().getPort()).start()) {
            JsonNode request = received.poll(10, TimeUnit.SECONDS);
            assertEquals("hold.test", request == null ? null : request.path("hostname").asText());
        } finally {
            relay.stop(0);
        }
    }
}

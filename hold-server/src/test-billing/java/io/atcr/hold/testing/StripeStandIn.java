package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.atcr.hold.xrpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in of the Stripe API on a loopback port, for tests: stateful (customers, search that lags writes by a
 * settable time, checkout sessions, billing portal sessions, subscriptions, prices), honouring {@code Idempotency-Key},
 * and recording every request it received so that tests assert on what the hold really sent through stripe-java.
 * The objects and their JSON live in {@link StripeObjects}; this class is the HTTP side and the test hooks.
 */
public final class StripeStandIn implements AutoCloseable {
    /** One request as received: method, path, decoded form or query parameters, and the idempotency key. */
    public record Request(String method, String path, Map<String, String> params, String idempotencyKey) {
        public boolean is(String method, String pathPrefix) {
            return this.method.equals(method) && path.startsWith(pathPrefix);
        }

        public boolean isExactly(String method, String path) {
            return this.method.equals(method) && this.path.equals(path);
        }
    }

    private record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final StripeObjects objects;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Reply> idempotent = new HashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile boolean down;

    private StripeStandIn(Clock clock) throws IOException {
        this.objects = new StripeObjects(clock);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    public static StripeStandIn start() {
        return start(Clock.systemUTC());
    }

    public static StripeStandIn start(Clock clock) {
        try {
            return new StripeStandIn(clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The stand-in's objects and test hooks (prices, customers, completing a checkout, changing a subscription). */
    public StripeObjects objects() {
        return objects;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized void clearRequests() {
        requests.clear();
    }

    /** The next {@code count} requests fail with a 500 that stripe-java is told it may retry. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** While down, every request fails with a 500 that must not be retried (Stripe in an outage). */
    public void down(boolean down) {
        this.down = down;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = form(method.equals("GET") ? exchange.getRequestURI().getRawQuery() : body);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            synchronized (this) {
                requests.add(new Request(method, path, params, key));
            }
            Reply reply = reply(method, path, params, key, exchange);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Request-Id", "req_standin");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Reply reply(String method, String path, Map<String, String> params, String key, HttpExchange exchange) {
        if (down || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().set("Stripe-Should-Retry", String.valueOf(!down));
            return new Reply(500, error("api_error", null, "the stand-in was told to fail"));
        }
        synchronized (this) {
            if (key != null && method.equals("POST") && idempotent.containsKey(key)) {
                exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
                return idempotent.get(key);
            }
            Reply reply = route(method, path, params);
            if (key != null && method.equals("POST")) {
                idempotent.put(key, reply);
            }
            return reply;
        }
    }

    private Reply route(String method, String path, Map<String, String> params) {
        if (path.equals("/v1/billing_portal/sessions") && !objects.portalConfigured()) {
            return new Reply(400, error("invalid_request_error", null, "No configuration provided and your test mode "
                    + "default configuration has not been created. Provide a configuration or create your default by "
                    + "saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal."));
        }
        String[] p = path.replaceFirst("^/v1/", "").split("/");
        boolean one = p.length == 2;
        ObjectNode found = switch (method + " " + p[0]) {
            case "POST customers" -> objects.createCustomer(params);
            case "GET customers" -> !one ? page("/v1/customers", objects.listCustomers(), params)
                    : p[1].equals("search") ? search(objects.searchCustomers(params.getOrDefault("query", "")))
                    : objects.customer(p[1]);
            case "POST checkout" -> path.equals("/v1/checkout/sessions") ? objects.createSession(params)
                    : p.length == 4 && p[3].equals("expire") ? objects.expireSession(p[2]) : null;
            case "GET checkout" -> p.length == 3 && p[1].equals("sessions") ? objects.session(p[2])
                    : p.length == 2 ? page("/v1/checkout/sessions", objects.listSessions(params), params) : null;
            case "POST billing_portal" -> path.equals("/v1/billing_portal/sessions") ? objects.createPortalSession(params) : null;
            case "GET subscriptions" -> one ? objects.subscription(p[1])
                    : page("/v1/subscriptions", objects.listSubscriptions(params), params);
            case "GET prices" -> one ? objects.price(p[1]) : list("/v1/prices", objects.listPrices());
            default -> null;
        };
        if (found == null) {
            return new Reply(404, error("invalid_request_error", "resource_missing", "No such object: " + path));
        }
        return new Reply(200, found.toString());
    }

    private static ObjectNode list(String url, List<ObjectNode> data) {
        ObjectNode list = Json.MAPPER.createObjectNode().put("object", "list").put("url", url).put("has_more", false);
        ArrayNode array = list.putArray("data");
        data.forEach(array::add);
        return list;
    }

    /** One page of a list, as Stripe pages: {@code limit} (default 10) items after {@code starting_after}. */
    private static ObjectNode page(String url, List<ObjectNode> all, Map<String, String> params) {
        int from = 0;
        String after = params.get("starting_after");
        for (int i = 0; after != null && i < all.size(); i++) {
            if (all.get(i).get("id").asText().equals(after)) {
                from = i + 1;
            }
        }
        int limit = Integer.parseInt(params.getOrDefault("limit", "10"));
        int to = Math.min(all.size(), from + limit);
        return list(url, all.subList(from, to)).put("has_more", to < all.size());
    }

    private static ObjectNode search(List<ObjectNode> data) {
        ObjectNode result = list("/v1/customers/search", data).put("object", "search_result");
        result.putNull("next_page");
        return result;
    }

    private static String error(String type, String code, String message) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.putObject("error").put("type", type).put("code", code).put("message", message);
        return error.toString();
    }

    private static Map<String, String> form(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return params;
        }
        for (String pair : text.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    /** Lets searches lag creations by this long (Stripe's search lags by up to a minute). */
    public void searchLag(Duration lag) {
        objects.searchLag(lag);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

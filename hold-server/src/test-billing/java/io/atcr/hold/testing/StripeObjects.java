package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atcr.hold.xrpc.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state of the {@link StripeStandIn}: Stripe objects as JSON, in the shape of the API version stripe-java asks
 * for, and the hooks a test uses to play Stripe's part (a customer paying, a subscription changing).
 */
public final class StripeObjects {
    private static final Pattern SEARCH_TERM = Pattern.compile("metadata\\['(\\w+)'\\]:'((?:[^'\\\\]|\\\\.)*)'");

    private final Clock clock;
    private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> sessions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> prices = new LinkedHashMap<>();
    private int next = 1;
    private Duration searchLag = Duration.ZERO;
    private boolean portalConfigured = true;

    StripeObjects(Clock clock) {
        this.clock = clock;
    }

    synchronized void searchLag(Duration lag) {
        this.searchLag = lag;
    }

    // ---- test hooks ----

    /** A recurring price; {@code interval} is Stripe's {@code month} or {@code year}, null for a one-time price. */
    public synchronized ObjectNode price(String id, long unitAmount, String currency, String interval) {
        ObjectNode price = Json.MAPPER.createObjectNode().put("id", id).put("object", "price").put("active", true)
                .put("currency", currency).put("unit_amount", unitAmount)
                .put("type", interval == null ? "one_time" : "recurring");
        if (interval == null) {
            price.putNull("recurring");
        } else {
            price.putObject("recurring").put("interval", interval).put("interval_count", 1);
        }
        prices.put(id, price);
        return price;
    }

    public synchronized void removePrice(String id) {
        prices.remove(id);
    }

    /** The example tiers' prices of {@link Quotas#EXAMPLE}, in usd. */
    public StripeObjects examplePrices() {
        price("price_deckhand_yearly", 5000, "usd", "year");
        price("price_bosun_monthly", 1000, "usd", "month");
        price("price_bosun_yearly", 10000, "usd", "year");
        return this;
    }

    /** A customer made outside the hold (another hold's, or one made by hand); null metadata values are left out. */
    public synchronized String customer(String userDid, String holdDid) {
        Map<String, String> params = new LinkedHashMap<>();
        if (userDid != null) {
            params.put("metadata[user_did]", userDid);
        }
        if (holdDid != null) {
            params.put("metadata[hold_did]", holdDid);
        }
        return createCustomer(params).get("id").asText();
    }

    public synchronized void deleteCustomer(String id) {
        customers.put(id, Json.MAPPER.createObjectNode().put("id", id).put("object", "customer").put("deleted", true));
    }

    /** The customer pays: the session completes and its subscription starts. Returns the subscription's ID. */
    public synchronized String completeCheckout(String sessionId) {
        ObjectNode session = sessions.get(sessionId);
        Map<String, String> metadata = new LinkedHashMap<>();
        session.path("subscription_data_metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        String subscription = subscribe(session.get("customer").asText(), session.get("price").asText(), metadata);
        session.put("status", "complete").put("payment_status", "paid").put("subscription", subscription);
        return subscription;
    }

    /** A subscription in status {@code active}, as if made in the dashboard. */
    public synchronized String subscribe(String customerId, String priceId, Map<String, String> metadata) {
        String id = "sub_" + next++;
        ObjectNode sub = Json.MAPPER.createObjectNode().put("id", id).put("object", "subscription")
                .put("customer", customerId).put("status", "active").put("cancel_at_period_end", false)
                .put("created", clock.instant().getEpochSecond());
        ObjectNode meta = sub.putObject("metadata");
        metadata.forEach(meta::put);
        subscriptions.put(id, sub);
        setPrice(id, priceId);
        return id;
    }

    public synchronized void setStatus(String subscriptionId, String status) {
        subscriptions.get(subscriptionId).put("status", status);
    }

    public synchronized void setPrice(String subscriptionId, String priceId) {
        ObjectNode items = subscriptions.get(subscriptionId).putObject("items").put("object", "list").put("has_more", false);
        ObjectNode item = items.putArray("data").addObject().put("id", "si_" + subscriptionId).put("object", "subscription_item")
                .put("quantity", 1).put("current_period_end", clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
        item.set("price", prices.containsKey(priceId) ? prices.get(priceId).deepCopy()
                : Json.MAPPER.createObjectNode().put("id", priceId).put("object", "price"));
    }

    public synchronized ObjectNode subscriptionJson(String id) {
        return subscriptions.get(id).deepCopy();
    }

    public synchronized ObjectNode sessionJson(String id) {
        return session(id);
    }

    public synchronized List<ObjectNode> allCustomers() {
        return customers.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> allSubscriptions() {
        return subscriptions.values().stream().map(ObjectNode::deepCopy).toList();
    }

    // ---- the API ----

    synchronized ObjectNode createCustomer(Map<String, String> params) {
        String id = "cus_" + next++;
        ObjectNode customer = Json.MAPPER.createObjectNode().put("id", id).put("object", "customer")
                .put("created", clock.instant().getEpochSecond()).put("description", params.get("description"));
        customer.put("searchable_after", clock.millis() + searchLag.toMillis());
        customer.set("metadata", nested(params, "metadata"));
        customers.put(id, customer);
        return view(customer);
    }

    synchronized ObjectNode customer(String id) {
        return customers.containsKey(id) ? view(customers.get(id)) : null;
    }

    /** Every customer not deleted, in creation order; the stand-in pages them as Stripe does. */
    synchronized List<ObjectNode> listCustomers() {
        return customers.values().stream().filter(c -> !c.path("deleted").asBoolean()).map(this::view).toList();
    }

    /** Only {@code metadata['k']:'v'} terms joined by AND, which is all the hold asks. */
    synchronized List<ObjectNode> searchCustomers(String query) {
        Map<String, String> terms = new LinkedHashMap<>();
        Matcher m = SEARCH_TERM.matcher(query);
        while (m.find()) {
            terms.put(m.group(1), m.group(2).replace("\\'", "'").replace("\\\\", "\\"));
        }
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode customer : customers.values()) {
            boolean visible = customer.path("searchable_after").asLong() <= clock.millis();
            boolean matches = !terms.isEmpty() && terms.entrySet().stream()
                    .allMatch(t -> t.getValue().equals(customer.path("metadata").path(t.getKey()).asText(null)));
            if (visible && matches) {
                found.add(view(customer));
            }
        }
        return found;
    }

    synchronized ObjectNode createSession(Map<String, String> params) {
        String id = "cs_test_" + next++;
        ObjectNode session = Json.MAPPER.createObjectNode().put("id", id).put("object", "checkout.session")
                .put("url", "https://checkout.stripe.test/c/pay/" + id).put("mode", params.get("mode"))
                .put("customer", params.get("customer")).put("client_reference_id", params.get("client_reference_id"))
                .put("success_url", params.get("success_url")).put("cancel_url", params.get("cancel_url"))
                .put("status", "open").put("payment_status", "unpaid").put("price", params.get("line_items[0][price]"));
        session.putNull("subscription");
        session.set("metadata", nested(params, "metadata"));
        session.set("subscription_data_metadata", nested(params, "subscription_data[metadata]"));
        sessions.put(id, session);
        return session(id);
    }

    synchronized ObjectNode session(String id) {
        if (!sessions.containsKey(id)) {
            return null;
        }
        ObjectNode view = sessions.get(id).deepCopy();
        view.remove(List.of("price", "subscription_data_metadata"));
        return view;
    }

    synchronized ObjectNode expireSession(String id) {
        ObjectNode session = sessions.get(id);
        if (session == null || !session.get("status").asText().equals("open")) {
            return null;
        }
        session.put("status", "expired").putNull("url");
        return session(id);
    }

    synchronized List<ObjectNode> listSessions(Map<String, String> params) {
        return sessions.keySet().stream().map(this::session)
                .filter(s -> params.get("customer") == null || params.get("customer").equals(s.path("customer").asText()))
                .filter(s -> params.get("status") == null || params.get("status").equals(s.path("status").asText()))
                .toList();
    }

    /** Sessions in status {@code open}, as a dashboard would list them. */
    public synchronized List<ObjectNode> openSessions() {
        return listSessions(Map.of("status", "open"));
    }

    /** As an account whose customer portal settings were never saved: portal sessions are refused. */
    public synchronized void portalNeverConfigured() {
        portalConfigured = false;
    }

    synchronized boolean portalConfigured() {
        return portalConfigured;
    }

    synchronized ObjectNode createPortalSession(Map<String, String> params) {
        String id = "bps_" + next++;
        return Json.MAPPER.createObjectNode().put("id", id).put("object", "billing_portal.session")
                .put("url", "https://billing.stripe.test/p/session/" + id).put("customer", params.get("customer"))
                .put("return_url", params.get("return_url"));
    }

    synchronized List<ObjectNode> listSubscriptions(Map<String, String> params) {
        boolean all = "all".equals(params.get("status"));
        return subscriptions.values().stream()
                .filter(s -> params.get("customer") == null || s.get("customer").asText().equals(params.get("customer")))
                .filter(s -> all ? true : params.get("status") == null
                        ? !s.get("status").asText().equals("canceled") : s.get("status").asText().equals(params.get("status")))
                .map(ObjectNode::deepCopy).toList();
    }

    synchronized ObjectNode subscription(String id) {
        return subscriptions.containsKey(id) ? subscriptions.get(id).deepCopy() : null;
    }

    synchronized List<ObjectNode> listPrices() {
        return prices.values().stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized ObjectNode price(String id) {
        return prices.containsKey(id) ? prices.get(id).deepCopy() : null;
    }

    private ObjectNode view(ObjectNode customer) {
        ObjectNode view = customer.deepCopy();
        view.remove("searchable_after");
        return view;
    }

    /** {@code metadata[k]=v} form fields as the object {@code {"k": "v"}}. */
    private static ObjectNode nested(Map<String, String> params, String prefix) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        String start = prefix + "[";
        params.forEach((key, value) -> {
            if (key.startsWith(start) && key.endsWith("]") && key.indexOf('[', start.length()) < 0) {
                node.put(key.substring(start.length(), key.length() - 1), value);
            }
        });
        return node;
    }
}

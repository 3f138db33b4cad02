package io.atcr.hold.billing.stripe;

import io.atcr.hold.record.Sha256;
import com.github.benmanes.caffeine.cache.Cache;
import com.stripe.model.Customer;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerSearchParams;
import io.atcr.hold.billing.CustomerDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Stripe customer per (user DID, hold DID). Each one the hold made or found is remembered in its database
 * ({@link CustomerDirectory}), so Customer search (which lags writes by up to a minute, is rate-limited, and is not
 * offered in every country) is needed only when that row is missing, as on a restored hold. Creation carries an
 * idempotency key derived from both DIDs and the count of the member's customers found deleted: two quick checkouts,
 * even from two processes, make one customer, and a customer made after a deletion is a new one. Lookups are cached
 * per DID; a webhook about a customer calls {@link #forget}. Thread-safe.
 */
final class Customers {
    /** A cached lookup; {@code id} is null when Stripe has no customer for the DID. */
    private record Lookup(String id) {
    }

    private final StripeApi stripe;
    private final String holdDid;
    private final CustomerDirectory directory;
    private final Cache<String, Lookup> byDid;

    public Customers(StripeApi stripe, String holdDid, CustomerDirectory directory, Clock clock) {
        this.stripe = stripe;
        this.holdDid = holdDid;
        this.directory = directory;
        this.byDid = Caches.create(clock);
    }

    /** The DID's customer, or empty when there is none yet (an empty answer is cached too). */
    public Optional<String> find(String userDid) {
        Lookup lookup = byDid.getIfPresent(userDid);
        if (lookup == null) {
            Optional<String> known = directory.customerOf(userDid);
            if (known.isEmpty()) {
                known = search(userDid);
                known.ifPresent(id -> directory.remember(userDid, id));
            }
            lookup = new Lookup(known.orElse(null));
            byDid.put(userDid, lookup);
        }
        return Optional.ofNullable(lookup.id());
    }

    /**
     * The DID's customer as it exists in Stripe now: the remembered or found one unless Stripe has deleted it (then
     * it is forgotten), else a new one. One request to check the customer, one more to create it.
     */
    public String liveCustomer(String userDid) {
        Optional<String> found = find(userDid);
        if (found.isPresent()) {
            Optional<CustomerOwner> owner = owner(found.get());
            if (owner.isPresent() && !owner.get().deleted()) {
                return found.get();
            }
            forgetDeleted(userDid, found.get());
        }
        return create(userDid);
    }

    /** Forgets a customer Stripe deleted: the next customer of the DID is a new one, with a new idempotency key. */
    public void forgetDeleted(String userDid, String customerId) {
        directory.forget(userDid, customerId);
        byDid.invalidate(userDid);
    }

    private String create(String userDid) {
        CustomerCreateParams params = CustomerCreateParams.builder()
                .setDescription("ATCR hold crew member " + userDid)
                .putMetadata(CustomerOwner.USER_DID, userDid)
                .putMetadata(CustomerOwner.HOLD_DID, holdDid)
                .build();
        RequestOptions options = RequestOptions.builder()
                .setIdempotencyKey(idempotencyKey(userDid, directory.generation(userDid))).build();
        Customer created = stripe.call("creating the customer of " + userDid,
                client -> client.v1().customers().create(params, options));
        remember(userDid, created.getId());
        return created.getId();
    }

    /** Reads a customer's owner from Stripe; empty when Stripe does not know the customer. */
    public Optional<CustomerOwner> owner(String customerId) {
        return stripe.callOrMissing("reading customer " + customerId,
                client -> client.v1().customers().retrieve(customerId)).map(Customers::ownerOf);
    }

    /** The owner named by a customer's metadata. */
    public static CustomerOwner ownerOf(Customer customer) {
        Map<String, String> metadata = customer.getMetadata() == null ? Map.of() : customer.getMetadata();
        return new CustomerOwner(customer.getId(), blankToNull(metadata.get(CustomerOwner.USER_DID)),
                blankToNull(metadata.get(CustomerOwner.HOLD_DID)), Boolean.TRUE.equals(customer.getDeleted()));
    }

    /** Drops what is cached about this DID, so the next lookup asks Stripe. */
    public void forget(String userDid) {
        byDid.invalidate(userDid);
    }

    /** Remembers a customer learnt elsewhere (a webhook or a finished checkout), in memory and in the database. */
    public void remember(String userDid, String customerId) {
        if (!directory.customerOf(userDid).filter(customerId::equals).isPresent()) {
            directory.remember(userDid, customerId);
        }
        byDid.put(userDid, new Lookup(customerId));
    }

    private Optional<String> search(String userDid) {
        String query = "metadata['" + CustomerOwner.USER_DID + "']:'" + quoted(userDid) + "' AND metadata['"
                + CustomerOwner.HOLD_DID + "']:'" + quoted(holdDid) + "'";
        List<Customer> found = stripe.call("searching the customer of " + userDid,
                client -> client.v1().customers().search(CustomerSearchParams.builder().setQuery(query).setLimit(10L).build()))
                .getData();
        // The oldest wins, should two ever exist (for instance made by hand in the dashboard).
        return found.stream().min((a, b) -> Long.compare(created(a), created(b))).map(Customer::getId);
    }

    private static long created(Customer customer) {
        return customer.getCreated() == null ? 0 : customer.getCreated();
    }

    /**
     * The same two DIDs always give the same key, so Stripe answers a repeated creation with the first customer;
     * after {@code generation} customers were found deleted, the key is another one.
     */
    String idempotencyKey(String userDid, int generation) {
        String text = userDid + "\n" + holdDid + (generation == 0 ? "" : "\n" + generation);
        return "atcr-hold-customer-" + HexFormat.of().formatHex(Sha256.of(text));
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

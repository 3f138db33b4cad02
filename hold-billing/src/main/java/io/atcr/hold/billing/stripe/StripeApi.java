package io.atcr.hold.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.HasId;
import com.stripe.model.StripeCollection;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.failure.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hold's one {@link StripeClient}, built once from the environment, and the one place a Stripe failure becomes
 * the caller's error: 502, since a retry may succeed once Stripe answers again.
 */
final class StripeApi {
    /** stripe-java retries nothing by default; these retries carry an idempotency key, so they are safe. */
    static final int NETWORK_RETRIES = 2;
    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int READ_TIMEOUT_MS = 30_000;

    /** One Stripe request, as stripe-java's service methods are written. */
    @FunctionalInterface
    public interface Call<T> {
        T run(StripeClient client) throws StripeException;
    }

    private static final Logger log = LoggerFactory.getLogger(StripeApi.class);
    private static final String STRIPE_BASE = "https://api.stripe.com";

    private final StripeClient client;
    private final String apiBase;

    private StripeApi(StripeClient client, String apiBase) {
        this.client = client;
        this.apiBase = apiBase;
    }

    /** Builds the client; the secret key goes only into stripe-java, never into a log or a message. */
    public static StripeApi connect(HoldConfig.StripeSettings settings) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(settings.secretKey().orElseThrow().value())
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setReadTimeout(READ_TIMEOUT_MS);
        String base = settings.apiBase().map(uri -> uri.toString().replaceAll("/+$", "")).orElse(STRIPE_BASE);
        if (settings.apiBase().isPresent()) {
            builder.setApiBase(base).setConnectBase(base).setFilesBase(base).setMeterEventsBase(base);
        }
        return new StripeApi(builder.build(), base);
    }

    /**
     * Runs one request. A Stripe failure becomes a 502 naming {@code what} was being done.
     *
     * @throws Failure 502 {@code StripeError} when Stripe failed or could not be reached
     */
    public <T> T call(String what, Call<T> call) {
        try {
            return call.run(client);
        } catch (StripeException e) {
            throw failure(what, e);
        }
    }

    /** One page of a Stripe list after the object {@code startingAfter} (null: the first page). */
    @FunctionalInterface
    public interface Page<T extends HasId> {
        StripeCollection<T> read(StripeClient client, String startingAfter) throws StripeException;
    }

    /**
     * Every object of a list, read page by page to its end (Stripe pages by the last ID seen).
     *
     * @throws Failure 502 {@code StripeError} when a page failed
     */
    public <T extends HasId> List<T> listAll(String what, Page<T> page) {
        List<T> all = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            String startingAfter = after;
            StripeCollection<T> read = call(what, client -> page.read(client, startingAfter));
            for (T item : read.getData()) {
                all.add(item);
                after = item.getId();
            }
            more = Boolean.TRUE.equals(read.getHasMore()) && !read.getData().isEmpty();
        }
        return all;
    }

    /** Like {@link #call}, but a resource Stripe does not know ({@code 404}) is empty rather than an error. */
    public <T> Optional<T> callOrMissing(String what, Call<T> call) {
        try {
            return Optional.ofNullable(call.run(client));
        } catch (InvalidRequestException e) {
            if (Integer.valueOf(404).equals(e.getStatusCode())) {
                return Optional.empty();
            }
            throw failure(what, e);
        } catch (StripeException e) {
            throw failure(what, e);
        }
    }

    /** One log line (no stack trace, no secret: stripe-java's messages mask keys) and the caller's 502. */
    private Failure failure(String what, StripeException e) {
        String why;
        if (e instanceof ApiConnectionException) {
            why = "Stripe could not be reached";
        } else if (e instanceof AuthenticationException) {
            why = "Stripe refused the hold's secret key (check STRIPE_SECRET_KEY)";
        } else {
            why = "Stripe answered " + e.getStatusCode() + Optional.ofNullable(e.getCode()).map(c -> " " + c).orElse("")
                    + " (request " + Optional.ofNullable(e.getRequestId()).orElse("-") + ")";
        }
        log.warn("Stripe at {} failed while {}: {}", apiBase, what, why);
        return Failure.upstream("StripeError", "Stripe failed while " + what + ": " + why
                + "; try again shortly", e);
    }
}

package io.atcr.hold.billing.stripe;

import com.stripe.exception.InvalidRequestException;
import com.stripe.param.billingportal.SessionCreateParams;
import io.atcr.hold.billing.BillingSettings;
import io.atcr.hold.config.Origins;
import io.atcr.hold.failure.Failure;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** {@code getBillingPortalUrl}: a Stripe billing portal session for the caller's own customer. Thread-safe. */
final class Portal {
    private final StripeApi stripe;
    private final Customers customers;
    private final BillingSettings settings;
    private final Set<String> allowedOrigins;

    public Portal(StripeApi stripe, Customers customers, BillingSettings settings, String holdUrl) {
        this.stripe = stripe;
        this.customers = customers;
        this.settings = settings;
        Set<String> origins = new HashSet<>(settings.allowedReturnOrigins());
        origins.add(Origins.of(URI.create(holdUrl)));
        this.allowedOrigins = Set.copyOf(origins);
    }

    /**
     * @throws Failure 400 {@code InvalidReturnUrl}, 404 {@code NoBillingAccount}, 502 when Stripe failed
     */
    public String url(String did, Optional<String> returnUrl) {
        String back = returnUrl.map(this::checkedReturnUrl).orElse(settings.portalReturnUrl());
        String customerId = customers.find(did).orElseThrow(() -> Failure.notFound("NoBillingAccount",
                did + " has no billing account on this hold yet; subscribe first with createCheckoutSession"));
        SessionCreateParams params = SessionCreateParams.builder().setCustomer(customerId).setReturnUrl(back).build();
        try {
            return stripe.call("opening the billing portal for " + did,
                    client -> client.v1().billingPortal().sessions().create(params)).getUrl();
        } catch (Failure e) {
            if (notConfigured(e)) {
                throw Failure.upstream("StripeError", "Stripe refused to open the billing portal because this "
                        + "Stripe account's customer portal was never configured; the operator must save its settings "
                        + "in the dashboard (Settings, Billing, Customer portal) in the same mode as STRIPE_SECRET_KEY", e);
            }
            throw e;
        }
    }

    /** Stripe's refusal when no default portal configuration exists names the missing configuration. */
    private static boolean notConfigured(Failure e) {
        return e.getCause() instanceof InvalidRequestException refused && refused.getStripeError() != null
                && String.valueOf(refused.getStripeError().getMessage()).toLowerCase(java.util.Locale.ROOT)
                .contains("configuration");
    }

    private String checkedReturnUrl(String url) {
        try {
            URI uri = new URI(url);
            if (Origins.isHttpUrl(uri) && allowedOrigins.contains(Origins.of(uri))) {
                return url;
            }
        } catch (Exception malformed) {
            // reported below
        }
        throw Failure.badRequest("InvalidReturnUrl", "returnUrl must be an http(s) URL on one of "
                + allowedOrigins.stream().sorted().toList() + "; leave it out to return to the hold");
    }
}

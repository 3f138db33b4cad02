package io.atcr.hold.billing.stripe;

import io.atcr.hold.billing.BillingContext;
import io.atcr.hold.billing.BillingProvider;
import io.atcr.hold.billing.BillingService;

/** Billing with Stripe, found by {@link java.util.ServiceLoader} through {@code META-INF/services}. */
public final class StripeBillingProvider implements BillingProvider {

    /** Builds the one Stripe client and the module around it; makes no request to Stripe. */
    @Override
    public BillingService start(BillingContext context) {
        return new StripeBilling(context, StripeApi.connect(context.config().stripe()));
    }
}

package io.atcr.hold.billing;

import io.atcr.hold.config.HoldConfig;
import java.util.List;
import java.util.ServiceLoader;

/** Whether billing runs on this hold, and if not, exactly why. */
public sealed interface Billing {

    /** Billing runs: the module was found and configured. */
    record Enabled(BillingService service) implements Billing {
    }

    /** Billing is off; {@code reason} says why and what to do, for the caller and the operator. */
    record Disabled(String reason) implements Billing {
    }

    /**
     * Decides whether billing runs, in this order: a billing module in the build, quotas.yaml present with
     * {@code billing.enabled: true}, then both Stripe secrets set. Starts the module when all hold.
     */
    static Billing load(BillingContext context) {
        List<BillingProvider> providers = ServiceLoader.load(BillingProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        HoldConfig config = context.config();
        if (providers.isEmpty()) {
            return new Disabled("this hold was built without the billing module; rebuild it with "
                    + "'mvn -B -Pbilling package' (or docker build --build-arg BILLING_ENABLED=true)");
        }
        if (!context.tiers().quotasOn()) {
            return new Disabled("there is no tier file at " + config.quotasPath()
                    + ", so quotas and billing are off; create it with a billing section (see config/quotas.yaml)");
        }
        if (!context.settings().enabled()) {
            return new Disabled("billing.enabled is not true in " + config.quotasPath() + "; set it to true to sell tiers");
        }
        if (config.stripe().secretKey().isEmpty()) {
            return new Disabled("STRIPE_SECRET_KEY is not set; set it to the Stripe account's secret key (sk_…)");
        }
        if (config.stripe().webhookSecret().isEmpty()) {
            return new Disabled("STRIPE_WEBHOOK_SECRET is not set; set it to the webhook endpoint's signing secret (whsec_…)");
        }
        return new Enabled(providers.get(0).start(context));
    }
}

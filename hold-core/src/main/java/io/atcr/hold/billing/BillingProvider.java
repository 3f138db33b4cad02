package io.atcr.hold.billing;

/**
 * The entry point of a billing module, found with {@link java.util.ServiceLoader}: a module lists its public final
 * implementation (with a no-argument constructor) in {@code META-INF/services/io.atcr.hold.billing.BillingProvider}.
 * The core never names an implementation; a hold built without one simply has billing off.
 */
public interface BillingProvider {

    /**
     * Starts billing for this hold. Called once at start, only when quotas.yaml says {@code billing.enabled: true}
     * and both Stripe secrets are set.
     *
     * @throws io.atcr.hold.config.ConfigException when the module cannot run with this configuration
     */
    BillingService start(BillingContext context);
}

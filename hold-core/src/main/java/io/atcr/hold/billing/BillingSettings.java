package io.atcr.hold.billing;

import java.util.List;

/**
 * The {@code billing} section of quotas.yaml, with {@code {hold_url}} already expanded. {@code enabled} is what the
 * operator asked for; whether billing actually runs also depends on the build and the Stripe secrets.
 */
public record BillingSettings(
        boolean enabled,
        String currency,
        String successUrl,
        String cancelUrl,
        String portalReturnUrl,
        List<String> allowedReturnOrigins) {

    public BillingSettings {
        allowedReturnOrigins = List.copyOf(allowedReturnOrigins);
    }

    public static BillingSettings off(String holdUrl) {
        return new BillingSettings(false, "usd", holdUrl + "/billing/success", holdUrl + "/billing/cancel", holdUrl, List.of());
    }
}

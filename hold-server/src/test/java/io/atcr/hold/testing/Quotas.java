package io.atcr.hold.testing;

/** quotas.yaml texts the tests share. */
public final class Quotas {
    /** The spec's example tiers; billing off. */
    public static final String EXAMPLE = """
            tiers:
              swabbie:  { quota: 2GB,  description: "Starter storage" }
              deckhand: { quota: 5GB,  description: "Standard storage", stripe_price_yearly: price_deckhand_yearly }
              bosun:    { quota: 10GB, description: "Mid-level storage", stripe_price_monthly: price_bosun_monthly, stripe_price_yearly: price_bosun_yearly }
            defaults:
              new_crew_tier: swabbie
              plankowner_crew_tier: deckhand
            """;

    /** The example tiers with billing enabled. */
    public static final String EXAMPLE_WITH_BILLING = EXAMPLE + """
            billing:
              enabled: true
              currency: usd
              success_url: "{hold_url}/billing/success"
              cancel_url: "{hold_url}/billing/cancel"
              portal_return_url: "{hold_url}"
              allowed_return_origins: ["https://atcr.example"]
            """;

    /** Two small tiers for quota tests: 1 KB (1024 bytes) for new crew, 4 KB for plankowners. */
    public static final String SMALL = """
            tiers:
              tiny: { quota: 1KB, description: "Tiny" }
              roomy: { quota: 4KB, description: "Roomy" }
            defaults:
              new_crew_tier: tiny
              plankowner_crew_tier: roomy
            """;

    private Quotas() {
    }
}

package io.atcr.hold.cli;

import io.atcr.hold.Hold;
import io.atcr.hold.billing.Billing;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.tier.TierPolicy;

/** The one line {@code serve} logs at start: who the hold is, where it listens, and what is on or off, and why. */
final class StartLine {
    private StartLine() {
    }

    static String of(Hold hold, int port) {
        HoldConfig config = hold.config();
        TierPolicy tiers = hold.quotas().tiers();
        String quotas = tiers.quotasOn()
                ? "on (" + tiers.tiers().size() + " tiers from " + config.quotasPath() + ")"
                : "off (no tier file at " + config.quotasPath() + ")";
        String billing = hold.billing() instanceof Billing.Disabled disabled ? "off (" + disabled.reason() + ")" : "on";
        return "hold " + hold.identity().did() + " serving " + config.holdUrl() + ", listening on "
                + config.listenAddress().host() + ":" + port + "; storage " + config.storage().describe()
                + "; quotas " + quotas + "; billing " + billing + "; AppView mode "
                + config.access().appView().map(did -> "on (" + did + " sets tiers)").orElse("off (HOLD_APPVIEW_DID is not set)");
    }
}

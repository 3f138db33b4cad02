package io.atcr.hold.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.billing.Billing;
import io.atcr.hold.billing.BillingService;
import io.atcr.hold.billing.CheckoutResult;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.failure.Failure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The billing methods and pages. They delegate to the billing module when it runs; otherwise each answers 501
 * {@code BillingNotEnabled} with the reason.
 */
final class BillingRoutes {
    private static final String INFO = "io.atcr.hold.getSubscriptionInfo";
    private static final String CHECKOUT = "io.atcr.hold.createCheckoutSession";
    private static final String PORTAL = "io.atcr.hold.getBillingPortalUrl";
    private static final String WEBHOOK = "io.atcr.hold.stripeWebhook";

    private final HoldConfig config;
    private final Billing billing;
    private final Auth auth;

    BillingRoutes(HoldConfig config, Billing billing, Auth auth) {
        this.config = config;
        this.billing = billing;
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.get("/xrpc/" + INFO, this::subscriptionInfo);
        routes.post("/xrpc/" + CHECKOUT, this::createCheckoutSession);
        routes.get("/xrpc/" + PORTAL, this::billingPortalUrl);
        routes.post("/xrpc/" + WEBHOOK, this::stripeWebhook);
        routes.get("/billing/success", this::successPage);
        routes.get("/billing/cancel", this::cancelPage);
    }

    private void subscriptionInfo(Context ctx) {
        BillingService billing = service();
        ctx.json(billing.subscriptionInfo(auth.optional(ctx, INFO).map(Caller::did)));
    }

    private void createCheckoutSession(Context ctx) {
        BillingService billing = service();
        Caller caller = auth.required(ctx, CHECKOUT);
        JsonNode body = Xrpc.body(ctx);
        ctx.json(billing.createCheckoutSession(caller.did(), Xrpc.requiredString(body, "tier"),
                Xrpc.requiredString(body, "interval")));
    }

    private void billingPortalUrl(Context ctx) {
        BillingService billing = service();
        Caller caller = auth.required(ctx, PORTAL);
        ctx.json(Map.of("url", billing.billingPortalUrl(caller.did(), Xrpc.optionalParam(ctx, "returnUrl"))));
    }

    private void stripeWebhook(Context ctx) {
        BillingService billing = service();
        String signature = ctx.header("Stripe-Signature");
        if (signature == null || signature.isBlank()) {
            throw Failure.badRequest("InvalidSignature", "missing Stripe-Signature header; only Stripe may call this");
        }
        billing.handleWebhook(Xrpc.rawBody(ctx), signature);
        ctx.json(Map.of("received", true));
    }

    private void successPage(Context ctx) {
        BillingService billing = service();
        java.util.Optional<String> sessionId = Xrpc.optionalParam(ctx, "session_id");
        if (sessionId.isEmpty()) {
            // A person's browser lands here: answer a page, not JSON.
            ctx.status(400).html(Html.page("No checkout to confirm", "This page confirms a checkout, but the link has "
                    + "no session_id. Open the link Stripe's checkout sent you back with, or start again from the hold.",
                    config.holdUrl()));
            return;
        }
        CheckoutResult result = billing.completeCheckout(sessionId.get());
        String message = result.paid()
                ? "Thank you! Your tier on this hold is now <strong>" + Html.escape(result.tier()) + "</strong>."
                : "Thank you! Your payment is still being processed; your tier changes as soon as Stripe confirms it.";
        ctx.html(Html.page("Subscription started", message, config.holdUrl()));
    }

    private void cancelPage(Context ctx) {
        service();
        ctx.html(Html.page("Checkout canceled", "No payment was taken and your tier is unchanged.",
                config.holdUrl()));
    }

    private BillingService service() {
        if (billing instanceof Billing.Enabled enabled) {
            return enabled.service();
        }
        throw Failure.notImplemented("BillingNotEnabled", "billing is off on this hold: "
                + ((Billing.Disabled) billing).reason());
    }
}

package io.atcr.hold.billing.stripe;

import io.atcr.hold.billing.BillingContext;
import io.atcr.hold.billing.BillingService;
import io.atcr.hold.billing.CheckoutResult;
import io.atcr.hold.billing.CheckoutSession;
import io.atcr.hold.billing.SubscriptionInfo;
import io.atcr.hold.crew.TierChange;
import java.util.List;
import java.util.Optional;

/** The billing methods, each handed to the part of the module that owns it. */
final class StripeBilling implements BillingService {
    private final BillingContext context;
    private final Prices prices;
    private final SubscriptionInfoAnswer info;
    private final Checkout checkout;
    private final Portal portal;
    private final Webhooks webhooks;
    private final BillingSync sync;

    StripeBilling(BillingContext context, StripeApi stripe) {
        String holdDid = context.identity().did();
        this.context = context;
        this.prices = new Prices(stripe, context.clock());
        Customers customers = new Customers(stripe, holdDid, context.customers(), context.clock());
        Subscriptions subscriptions = new Subscriptions(stripe, context.clock());
        CustomerLocks locks = new CustomerLocks();
        this.info = new SubscriptionInfoAnswer(context, prices, customers, subscriptions);
        this.checkout = new Checkout(stripe, customers, locks, subscriptions, context);
        this.portal = new Portal(stripe, customers, context.settings(), context.config().holdUrl());
        WebhookSignature signature = new WebhookSignature(
                context.config().stripe().webhookSecret().orElseThrow().value(), context.clock());
        this.webhooks = new Webhooks(signature, customers, locks, subscriptions, context.tiers(), context.ledger(), holdDid);
        this.sync = new BillingSync(stripe, locks, subscriptions, context.tiers(), context.crew(), context.ledger(), holdDid);
    }

    @Override
    public SubscriptionInfo subscriptionInfo(Optional<String> callerDid) {
        return info.answer(callerDid);
    }

    @Override
    public CheckoutSession createCheckoutSession(String callerDid, String tier, String interval) {
        return checkout.create(callerDid, tier, interval);
    }

    @Override
    public String billingPortalUrl(String callerDid, Optional<String> returnUrl) {
        return portal.url(callerDid, returnUrl);
    }

    @Override
    public void handleWebhook(byte[] rawBody, String signatureHeader) {
        webhooks.handle(rawBody, signatureHeader);
    }

    @Override
    public CheckoutResult completeCheckout(String sessionId) {
        return checkout.complete(sessionId);
    }

    @Override
    public List<String> checkConfiguration() {
        return PriceCheck.problems(context.tiers(), context.settings().currency(), prices);
    }

    @Override
    public List<TierChange> sync(boolean dryRun) {
        return sync.run(dryRun);
    }

    @Override
    public void close() {
        // stripe-java's client holds no resources that outlive a request.
    }
}

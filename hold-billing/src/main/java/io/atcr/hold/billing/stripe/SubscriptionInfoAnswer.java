package io.atcr.hold.billing.stripe;

import io.atcr.hold.billing.BillingContext;
import io.atcr.hold.billing.SubscriptionInfo;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.failure.Failure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code getSubscriptionInfo}. Prices, customers and subscriptions all come through the caches, so a warm answer
 * asks Stripe nothing.
 */
final class SubscriptionInfoAnswer {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionInfoAnswer.class);

    private final BillingContext context;
    private final Prices prices;
    private final Customers customers;
    private final Subscriptions subscriptions;

    SubscriptionInfoAnswer(BillingContext context, Prices prices, Customers customers, Subscriptions subscriptions) {
        this.context = context;
        this.prices = prices;
        this.customers = customers;
        this.subscriptions = subscriptions;
    }

    SubscriptionInfo answer(Optional<String> callerDid) {
        List<SubscriptionInfo.TierOffer> offers = context.tiers().tiers().stream().map(this::offer).toList();
        return new SubscriptionInfo(true, context.settings().currency(), offers, callerDid.map(this::user).orElse(null));
    }

    private SubscriptionInfo.TierOffer offer(Tier tier) {
        List<SubscriptionInfo.Price> offered = new ArrayList<>();
        for (Interval interval : Interval.values()) {
            tier.priceId(interval).ifPresent(id -> offered.add(price(interval, id)));
        }
        return new SubscriptionInfo.TierOffer(tier.name(), tier.description(), tier.quotaBytes(), tier.quotaFormatted(),
                tier.free(), offered);
    }

    /** The amount is left out, rather than the whole answer failing, when Stripe cannot say it. */
    private SubscriptionInfo.Price price(Interval interval, String priceId) {
        Optional<PriceFacts> facts;
        try {
            facts = prices.find(priceId);
        } catch (Failure e) {
            log.warn("price {} left without an amount: {}", priceId, e.getMessage());
            facts = Optional.empty();
        }
        return new SubscriptionInfo.Price(interval.wireName(), priceId,
                facts.map(PriceFacts::unitAmount).orElse(null), facts.map(PriceFacts::currency).orElse(null));
    }

    private SubscriptionInfo.User user(String did) {
        Optional<CrewMember> member = context.crew().find(did);
        Optional<Tier> tier = context.quota().tierOf(did);
        return new SubscriptionInfo.User(did, member.isPresent(), tier.map(Tier::name).orElse(null),
                member.map(CrewMember::plankowner).orElse(false), tier.map(Tier::quotaBytes).orElse(null),
                context.quota().usage(did).totalSize(), subscription(did).orElse(null));
    }

    /** The subscription that gives the tier, else any that still exists (paused, unpaid…). */
    private Optional<SubscriptionInfo.Subscription> subscription(String did) {
        Optional<String> customerId = customers.find(did);
        if (customerId.isEmpty()) {
            return Optional.empty();
        }
        List<SubscriptionFacts> all = subscriptions.cached(customerId.get());
        if (TierDecision.of(context.tiers(), all) instanceof TierDecision.Subscribed subscribed) {
            return Optional.of(view(subscribed.subscription()));
        }
        return all.stream().filter(SubscriptionFacts::live).findFirst().map(this::view);
    }

    private SubscriptionInfo.Subscription view(SubscriptionFacts facts) {
        Optional<Map.Entry<Tier, Interval>> named = facts.priceIds().stream()
                .map(id -> context.tiers().byPriceId(id)).flatMap(Optional::stream).findFirst();
        return new SubscriptionInfo.Subscription(facts.id(), facts.status(),
                named.map(e -> e.getKey().name()).orElse(null), named.map(e -> e.getValue().wireName()).orElse(null),
                facts.currentPeriodEnd() == null ? null : Instant.ofEpochSecond(facts.currentPeriodEnd()).toString(),
                facts.cancelAtPeriodEnd());
    }
}

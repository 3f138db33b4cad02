package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.TierSource;
import io.atcr.hold.testing.CoreParts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger through which billing sets tiers: each event once, only the Stripe source, and nothing for strangers. */
class TierLedgerTest {
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";

    @Test
    void anEventAppliesOnceHoweverOftenItIsDelivered(@TempDir Path dir) {
        try (CoreParts core = CoreParts.in(dir)) {
            member(core);
            TierLedger ledger = new TierLedger(core.db, core.crew, core.clock);
            assertInstanceOf(TierLedger.Applied.class, ledger.applyEvent("evt_1", "customer.subscription.created", ALICE, "large"));
            assertInstanceOf(TierLedger.AlreadyApplied.class, ledger.applyEvent("evt_1", "customer.subscription.created", ALICE, null));
            assertEquals("large", core.crew.find(ALICE).orElseThrow().tierFrom(TierSource.STRIPE).orElseThrow());
            assertTrue(ledger.alreadyApplied("evt_1"));
        }
    }

    @Test
    void racingDeliveriesOfOneEventApplyItOnce(@TempDir Path dir) throws Exception {
        try (CoreParts core = CoreParts.in(dir)) {
            member(core);
            TierLedger ledger = new TierLedger(core.db, core.crew, core.clock);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TierLedger.Result>> results = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return ledger.applyEvent("evt_race", "customer.subscription.updated", ALICE, "large");
                    }));
                }
                go.countDown();
                int applied = 0;
                for (Future<TierLedger.Result> result : results) {
                    applied += result.get() instanceof TierLedger.Applied ? 1 : 0;
                }
                assertEquals(1, applied);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void clearingTheStripeTierLeavesTheOperatorsGrant(@TempDir Path dir) {
        try (CoreParts core = CoreParts.in(dir)) {
            core.crew.save(ALICE, CrewMember.DEFAULT_ROLE, CrewMember.DEFAULT_PERMISSIONS, "large", false);
            TierLedger ledger = new TierLedger(core.db, core.crew, core.clock);
            ledger.applyEvent("evt_2", "customer.subscription.deleted", ALICE, null);
            CrewMember alice = core.crew.find(ALICE).orElseThrow();
            assertEquals("large", alice.tierFrom(TierSource.OPERATOR).orElseThrow());
            assertEquals("large", core.quota.tierOf(ALICE).orElseThrow().name());
        }
    }

    @Test
    void anEventAboutAStrangerIsRecordedAndChangesNothing(@TempDir Path dir) {
        try (CoreParts core = CoreParts.in(dir)) {
            TierLedger ledger = new TierLedger(core.db, core.crew, core.clock);
            assertInstanceOf(TierLedger.NotCrew.class, ledger.applyEvent("evt_3", "customer.subscription.created", ALICE, "large"));
            assertTrue(core.crew.find(ALICE).isEmpty());
            assertTrue(ledger.alreadyApplied("evt_3"), "a redelivery is recognised");
        }
    }

    private static void member(CoreParts core) {
        core.crew.save(ALICE, CrewMember.DEFAULT_ROLE, CrewMember.DEFAULT_PERMISSIONS, null, false);
    }
}

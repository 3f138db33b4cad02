package io.atcr.hold.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.BillingFixture;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.StripeStandIn;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With the module built in, billing is still off when quotas.yaml is missing, {@code billing.enabled} is not true, or
 * a Stripe secret is missing; every billing method and page then answers 501 {@code BillingNotEnabled} naming the
 * cause. (The module being absent is tested in the build without it.)
 */
class BillingNotEnabledTest {
    @AutoClose
    private static final StripeStandIn stripe = StripeStandIn.start();

    static Stream<Arguments> causes() {
        return Stream.of(
                Arguments.of("no quotas.yaml", (UnaryOperator<TestHold.Builder>) b -> b.quotas(null), "no tier file"),
                Arguments.of("billing.enabled not true", (UnaryOperator<TestHold.Builder>) b -> b.quotas(Quotas.EXAMPLE),
                        "billing.enabled is not true"),
                Arguments.of("no secret key", (UnaryOperator<TestHold.Builder>) b -> b.env("STRIPE_SECRET_KEY", ""),
                        "STRIPE_SECRET_KEY is not set"),
                Arguments.of("no webhook secret", (UnaryOperator<TestHold.Builder>) b -> b.env("STRIPE_WEBHOOK_SECRET", ""),
                        "STRIPE_WEBHOOK_SECRET is not set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("causes")
    void everyBillingMethodAnswersBillingNotEnabledNamingTheCause(String cause, UnaryOperator<TestHold.Builder> change,
                                                                   String named) {
        try (TestHold hold = change.apply(BillingFixture.builder(stripe)).start()) {
            List<XrpcResponse> answers = List.of(
                    hold.get("/xrpc/" + BillingFixture.INFO),
                    hold.post("/xrpc/" + BillingFixture.CHECKOUT, "{\"tier\":\"bosun\",\"interval\":\"monthly\"}"),
                    hold.get("/xrpc/" + BillingFixture.PORTAL),
                    hold.post("/xrpc/" + BillingFixture.WEBHOOK, "{}", "Stripe-Signature", "t=1,v1=00"),
                    hold.get("/billing/success?session_id=cs_test_1"),
                    hold.get("/billing/cancel"));
            for (XrpcResponse answer : answers) {
                assertEquals(501, answer.status(), answer.body());
                assertEquals("BillingNotEnabled", answer.error(), answer.body());
                assertTrue(answer.message().contains(named), cause + ": " + answer.message());
            }
        }
        assertEquals(List.of(), stripe.requests(), "a hold with billing off never calls Stripe");
    }
}

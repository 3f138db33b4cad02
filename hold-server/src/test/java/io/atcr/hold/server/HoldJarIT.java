package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Eventually;
import io.atcr.hold.xrpc.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import io.atcr.hold.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code hold.jar}, run with {@code java -jar} as an operator runs it. */
class HoldJarIT {
    private static final Path JAR = Path.of(System.getProperty("hold.jar", "target/hold.jar"));
    private static final boolean BILLING = Boolean.getBoolean("hold.billing");

    @TempDir
    Path dir;

    @Test
    void theJarHoldsStripeCodeExactlyWhenBuiltWithBilling() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            boolean stripe = jar.stream().anyMatch(e -> e.getName().startsWith("com/stripe/"));
            boolean provider = jar.getEntry("META-INF/services/io.atcr.hold.billing.BillingProvider") != null;
            assertEquals(BILLING, stripe, "Stripe classes in " + JAR);
            assertEquals(BILLING, provider, "the merged ServiceLoader file in " + JAR);
        }
    }

    @Test
    void theJarServesOnEmbeddedDefaultsAndSaysWhyBillingIsOff() throws Exception {
        Files.copy(Path.of("../config/quotas.yaml"), dir.resolve("quotas.yaml"));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        builder.environment().put("HOLD_SERVER_ADDR", "127.0.0.1:0"); // the start line says which port
        builder.environment().put("HOLD_QUOTAS_PATH", "quotas.yaml");
        Process process = builder.start();
        try {
            int port = listeningPort(process);
            JsonNode tiers = getJson(port, "/xrpc/io.atcr.hold.listTiers");
            assertEquals(3, tiers.path("tiers").size());
            JsonNode billing = getJson(port, "/xrpc/io.atcr.hold.getSubscriptionInfo");
            assertEquals("BillingNotEnabled", billing.path("error").asText());
            String cause = BILLING ? "billing.enabled is not true" : "built without the billing module";
            assertTrue(billing.path("message").asText().contains(cause), billing.toString());
            assertTrue(Files.exists(dir.resolve("data/hold.db")), "the database under ./data");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarFindsTheS3DriverAndChecksItsBucket() throws Exception {
        S3Server s3 = S3Server.shared();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString(),
                "config", "check")).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(s3.holdEnv(s3.newBucket()));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("the credentials may put, list, get and delete objects"), out);
    }

    private int listeningPort(Process process) throws Exception {
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on [^ ]*:(\\d+)");
        Eventually.await("the jar says where it listens", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the jar stopped before it listened: " + log());
            }
            return listening.matcher(log()).find();
        });
        java.util.regex.Matcher m = listening.matcher(log());
        m.find();
        return Integer.parseInt(m.group(1));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The jar's answer once it listens (it prints its port just before accepting connections). */
    private JsonNode getJson(int port, String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        String[] body = new String[1];
        Eventually.await("the jar answers on port " + port, () -> {
            try {
                body[0] = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                return true;
            } catch (IOException notYetListening) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        return Json.MAPPER.readTree(body[0]);
    }
}

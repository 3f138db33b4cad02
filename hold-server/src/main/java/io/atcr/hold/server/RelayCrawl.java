package io.atcr.hold.server;

import io.atcr.hold.xrpc.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks each relay of {@code HOLD_RELAYS} to crawl the hold ({@code com.atproto.sync.requestCrawl} with its
 * hostname) when the server starts, so relays find the repository and follow its firehose. A relay that fails is
 * asked again every {@link #RETRY} until it answers 2xx; each failure is one log line.
 */
final class RelayCrawl implements AutoCloseable {
    static final Duration RETRY = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(RelayCrawl.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-crawl");
        t.setDaemon(true);
        return t;
    });
    private final String hostname;

    private RelayCrawl(String hostname) {
        this.hostname = hostname;
    }

    static RelayCrawl start(List<URI> relays, String hostname) {
        RelayCrawl crawl = new RelayCrawl(hostname);
        relays.forEach(relay -> crawl.timer.execute(() -> crawl.ask(relay)));
        return crawl;
    }

    private void ask(URI relay) {
        String base = relay.toString().endsWith("/") ? relay.toString().substring(0, relay.toString().length() - 1) : relay.toString();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/xrpc/com.atproto.sync.requestCrawl"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of("hostname", hostname))))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                log.info("relay {} was asked to crawl {}", base, hostname);
                return;
            }
            log.warn("relay {} refused requestCrawl with {}; asking again in {} min", base, status, RETRY.toMinutes());
        } catch (java.io.IOException e) {
            log.warn("relay {} could not be reached for requestCrawl ({}); asking again in {} min", base, e.getMessage(), RETRY.toMinutes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        timer.schedule(() -> ask(relay), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

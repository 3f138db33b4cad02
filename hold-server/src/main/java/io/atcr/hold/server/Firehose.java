package io.atcr.hold.server;

import io.atcr.hold.repo.Events;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code com.atproto.sync.subscribeRepos}: the repository's events over WebSocket. One pump thread reads new events
 * from the database and hands each consumer its frames without waiting on anyone's socket: sends are asynchronous.
 * A consumer with more than {@link #MAX_PENDING_BYTES} unwritten gets nothing more until it catches up, and is closed
 * with {@code ConsumerTooSlow} when it stays behind for {@link #STALL}, so a stalled reader holds up neither commits
 * nor the other consumers, and a burst (one large push) is no reason to close anyone.
 */
final class Firehose implements AutoCloseable {
    static final String NSID = "com.atproto.sync.subscribeRepos";
    static final long MAX_PENDING_BYTES = 1024 * 1024;
    static final Duration STALL = Duration.ofSeconds(3);
    /** Consumers at once: relays and AppViews are few, and each consumer may hold up to its pending limit of memory. */
    static final int MAX_CONSUMERS = 128;
    private static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(Firehose.class);

    private final Events events;
    private final java.time.Clock clock;
    private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "firehose");
        t.setDaemon(true);
        return t;
    });

    /** One subscriber: where it is in the sequence, and how many bytes sent to it are still unwritten. */
    private static final class Consumer {
        final WsContext ctx;
        volatile long position;
        final AtomicLong pending = new AtomicLong();
        /** When it went over the pending limit, by the hold's clock; null while it is not over. */
        java.time.Instant overSince;

        Consumer(WsContext ctx, long position) {
            this.ctx = ctx;
            this.position = position;
        }
    }

    Firehose(Events events, java.time.Clock clock) {
        this.events = events;
        this.clock = clock;
        pump.scheduleWithFixedDelay(this::deliverSafely, 50, 50, TimeUnit.MILLISECONDS);
        pump.scheduleWithFixedDelay(this::pruneSafely, 1, Duration.ofHours(1).toMinutes(), TimeUnit.MINUTES);
    }

    void register(RoutesConfig routes) {
        routes.ws("/xrpc/" + NSID, ws -> {
            ws.onConnect(this::connect);
            ws.onClose(ctx -> consumers.remove(ctx.sessionId()));
            ws.onError(ctx -> consumers.remove(ctx.sessionId()));
        });
        // The same path without the upgrade: say what it is rather than that it is missing.
        routes.get("/xrpc/" + NSID, ctx -> {
            throw io.atcr.hold.failure.Failure.invalidRequest(NSID + " is a WebSocket: connect to "
                    + "ws:// or wss:// with 'Upgrade: websocket', and an optional cursor");
        });
    }

    private void connect(WsConnectContext ctx) {
        if (consumers.size() >= MAX_CONSUMERS) {
            refuse(ctx, "ConsumerLimit", "the hold serves " + MAX_CONSUMERS + " firehose consumers at once; try again later");
            return;
        }
        String cursorText = ctx.queryParam("cursor");
        long latest = events.latest();
        long position = latest;
        if (cursorText != null && !cursorText.isBlank()) {
            long cursor;
            try {
                cursor = Long.parseLong(cursorText.trim());
            } catch (NumberFormatException e) {
                refuse(ctx, "InvalidRequest", "'cursor' must be a seq, a whole number");
                return;
            }
            if (cursor > latest) {
                refuse(ctx, "FutureCursor", "cursor " + cursor + " is past the latest event, " + latest);
                return;
            }
            long oldest = events.oldest();
            if (oldest > 0 && cursor < oldest - 1) {
                Map<String, Object> info = Map.of("name", "OutdatedCursor",
                        "message", "events before " + oldest + " are no longer kept; replaying from there");
                ctx.session.sendBinary(ByteBuffer.wrap(Events.frame("#info", info)), Callback.NOOP);
                cursor = oldest - 1;
            }
            position = Math.max(0, cursor);
        }
        consumers.put(ctx.sessionId(), new Consumer(ctx, position));
        pump.execute(this::deliverSafely);
    }

    private static void refuse(WsContext ctx, String error, String message) {
        ctx.session.sendBinary(ByteBuffer.wrap(Events.errorFrame(error, message)),
                Callback.from(() -> ctx.closeSession(1008, error), failure -> ctx.closeSession(1008, error)));
    }

    private void deliverSafely() {
        try {
            deliver();
        } catch (RuntimeException e) {
            log.warn("the firehose could not read its events: {}", e.getMessage());
        }
    }

    private void deliver() {
        if (consumers.isEmpty()) {
            return;
        }
        long latest = events.latest();
        // Consumers at one position share one read.
        Map<Long, List<Events.Event>> batches = new java.util.HashMap<>();
        for (Consumer consumer : consumers.values()) {
            if (behind(consumer)) {
                continue;
            }
            while (consumer.position < latest && consumer.pending.get() <= MAX_PENDING_BYTES) {
                List<Events.Event> batch = batches.computeIfAbsent(consumer.position, p -> events.after(p, BATCH));
                if (batch.isEmpty()) {
                    break;
                }
                for (Events.Event event : batch) {
                    send(consumer, event);
                }
            }
        }
    }

    /** Whether the consumer is over its pending limit; one over it for longer than {@link #STALL} is closed. */
    private boolean behind(Consumer consumer) {
        if (consumer.pending.get() <= MAX_PENDING_BYTES) {
            consumer.overSince = null;
            return false;
        }
        java.time.Instant now = clock.instant();
        if (consumer.overSince == null) {
            consumer.overSince = now;
        } else if (now.isAfter(consumer.overSince.plus(STALL))) {
            consumers.remove(consumer.ctx.sessionId());
            log.info("closing a firehose consumer at seq {}: it stopped reading", consumer.position);
            refuse(consumer.ctx, "ConsumerTooSlow", "the stream was closed because it was not read fast enough; "
                    + "reconnect with cursor=" + consumer.position);
        }
        return true;
    }

    private void send(Consumer consumer, Events.Event event) {
        int length = event.frame().length;
        consumer.pending.addAndGet(length);
        consumer.position = event.seq();
        consumer.ctx.session.sendBinary(ByteBuffer.wrap(event.frame()), Callback.from(
                () -> consumer.pending.addAndGet(-length),
                failure -> consumers.remove(consumer.ctx.sessionId())));
    }

    private void pruneSafely() {
        try {
            int pruned = events.prune();
            if (pruned > 0) {
                log.info("pruned {} firehose events past their retention", pruned);
            }
        } catch (RuntimeException e) {
            log.warn("pruning firehose events failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        pump.shutdownNow();
        consumers.values().forEach(c -> c.ctx.closeSession(1001, "the hold is shutting down"));
        consumers.clear();
    }
}

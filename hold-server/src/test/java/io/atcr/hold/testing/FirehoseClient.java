package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber to the hold's firehose over a real WebSocket (the JDK's client). Each frame is parsed with Jackson's
 * CBOR into its header and body. {@link StalledSubscriber} is the one that stops reading.
 */
public final class FirehoseClient implements AutoCloseable {
    /** One frame: {@code {op, t}} and the body. */
    public record Frame(JsonNode header, JsonNode body) {
        public String type() {
            return header.path("t").asText(header.path("op").asInt() == -1 ? "error" : "");
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private FirehoseClient(String baseUrl, String query) {
        URI uri = URI.create(baseUrl.replace("http://", "ws://") + "/xrpc/com.atproto.sync.subscribeRepos" + query);
        this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).join();
    }

    public static FirehoseClient connect(TestHold hold, String query) {
        return new FirehoseClient(hold.baseUrl(), query);
    }

    /** A subscriber to the hold at {@code baseUrl} (a hold process, say). */
    public static FirehoseClient connectTo(String baseUrl, String query) {
        return new FirehoseClient(baseUrl, query);
    }

    /** The next frame, within ten seconds. */
    public Frame next() {
        try {
            Frame frame = frames.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no firehose frame within 10 s");
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A frame if one comes within {@code millis}, else null. */
    public Frame poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Completes with the close status code when the hold closes the stream. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                frames.add(parse(partial.toByteArray()));
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    /** A frame's bytes parsed into header and body. */
    public static Frame parseFrame(byte[] bytes) {
        return parse(bytes);
    }

    private static Frame parse(byte[] bytes) {
        try (MappingIterator<JsonNode> values = CarFile.CBOR.readerFor(JsonNode.class).readValues(bytes)) {
            List<JsonNode> parts = new ArrayList<>();
            values.forEachRemaining(parts::add);
            if (parts.size() != 2) {
                throw new AssertionError("a frame is a header and a body, not " + parts.size() + " values");
            }
            return new Frame(parts.get(0), parts.get(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}

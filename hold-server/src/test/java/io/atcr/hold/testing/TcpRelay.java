package io.atcr.hold.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback in front of a server (the hold, the bucket), for what a test must see or break on the
 * wire: it counts the bytes each way, can go down (every connection refused and cut), and can stall
 * a connection at the first request whose bytes contain a given text, until released.
 */
public final class TcpRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicLong bytesFromTarget = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private volatile java.util.regex.Pattern stallOn;
    private volatile CountDownLatch stalled = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    private TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "relay-accept-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    public static TcpRelay to(URI target) {
        try {
            return new TcpRelay(target.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** The bytes clients sent through the relay so far. */
    public long bytesToTarget() {
        return bytesToTarget.get();
    }

    /** The bytes the target answered through the relay so far. */
    public long bytesFromTarget() {
        return bytesFromTarget.get();
    }

    /** Down: every connection is cut and new ones are closed at once. Up again: relays as before. */
    public void down(boolean down) {
        this.down = down;
        if (down) {
            open.forEach(TcpRelay::closeQuietly);
        }
    }

    /** Stalls each connection whose bytes match {@code request} (before passing them on), until {@link #release}. */
    public void stallOn(java.util.regex.Pattern request) {
        stalled = new CountDownLatch(1);
        release = new CountDownLatch(1);
        stallOn = request;
    }

    /** Waits until a connection stalled; answers whether one did within the time. */
    public boolean awaitStall(long seconds) throws InterruptedException {
        return stalled.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        stallOn = null;
        release.countDown();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    closeQuietly(client);
                    continue;
                }
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pump(client, target, true);
                pump(target, client, false);
            } catch (IOException e) {
                // the listener closed, or the target refused this one connection
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toTarget) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (toTarget) {
                        bytesToTarget.addAndGet(n);
                        holdIfStalled(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    } else {
                        bytesFromTarget.addAndGet(n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed, or the relay went down
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void holdIfStalled(String chunk) throws InterruptedException {
        java.util.regex.Pattern request = stallOn;
        if (request != null && request.matcher(chunk).find()) {
            stalled.countDown();
            release.await();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        release();
        down(true);
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

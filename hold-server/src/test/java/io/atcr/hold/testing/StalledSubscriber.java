package io.atcr.hold.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A firehose subscriber that stops reading after the WebSocket handshake, over a raw socket with a small receive
 * buffer, so that the hold's frames really pile up (the JDK's client keeps reading into its own memory). It can read
 * again later: {@link #readToClose} answers every message up to the hold's close.
 */
public final class StalledSubscriber implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    public StalledSubscriber(TestHold hold) {
        try {
            socket = new Socket();
            socket.setReceiveBufferSize(4096);
            int port = Integer.parseInt(hold.baseUrl().replaceAll(".*:", ""));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("stalled-consumer".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /xrpc/com.atproto.sync.subscribeRepos HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new DataInputStream(socket.getInputStream());
            String status = readHeaders(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("no WebSocket upgrade: " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed during the handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Reads again: every binary message until the hold's close frame (or the end of the stream). */
    public List<FirehoseClient.Frame> readToClose() throws IOException {
        List<FirehoseClient.Frame> messages = new ArrayList<>();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first;
            try {
                first = in.read();
            } catch (IOException reset) {
                return messages; // the hold closed the connection under unread data
            }
            if (first < 0) {
                return messages;
            }
            int opcode = first & 0x0f;
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if (opcode == 8) {
                return messages;
            }
            if (opcode == 2 || opcode == 0) {
                message.writeBytes(payload);
                if ((first & 0x80) != 0) {
                    messages.add(FirehoseClient.parseFrame(message.toByteArray()));
                    message.reset();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.atcr.hold.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A blob in the bucket read as a channel, for downloads streamed through the hold ({@code S3_PROXY_DOWNLOADS}): one
 * ranged {@code GET} from the position on, opened at the first read and again only after a seek. If-Match keeps a
 * read to the object that was looked up. Not thread-safe, like any channel.
 */
final class ObjectChannel implements SeekableByteChannel {
    private final Bucket bucket;
    private final String key;
    private final String etag;
    private final long size;
    private long position;
    private ResponseInputStream<GetObjectResponse> in;
    private long inAt = -1;
    private boolean open = true;

    ObjectChannel(Bucket bucket, String key, String etag, long size) {
        this.bucket = bucket;
        this.key = key;
        this.etag = etag;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (position >= size) {
            return -1;
        }
        InputStream stream = streamAtPosition();
        int n;
        if (dst.hasArray()) {
            n = stream.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            byte[] chunk = new byte[Math.min(dst.remaining(), 256 * 1024)];
            n = stream.read(chunk);
            if (n > 0) {
                dst.put(chunk, 0, n);
            }
        }
        if (n < 0) {
            throw new IOException("the bucket's object " + key + " ended at " + position + " of " + size + " bytes");
        }
        position += n;
        inAt += n;
        return n;
    }

    private InputStream streamAtPosition() throws IOException {
        if (in != null && inAt == position) {
            return in;
        }
        closeStream();
        long from = position;
        try {
            in = bucket.s3().getObject(r -> r.bucket(bucket.name()).key(key).range("bytes=" + from + "-")
                    .ifMatch(etag));
        } catch (SdkException e) {
            throw new IOException("reading " + key + " from the bucket failed: " + BucketFailure.code(e), e);
        }
        inAt = position;
        return in;
    }

    private void closeStream() {
        if (in != null) {
            in.abort(); // a range left unread is dropped, not drained
            in = null;
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        this.position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        closeStream();
    }
}

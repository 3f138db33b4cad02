package io.atcr.hold.storage;

import java.time.Instant;

/** A blob as the driver lists it: digest, size, and when its file (or object) was last written. */
public record ListedBlob(String digest, long size, Instant modifiedAt) {
}

package io.atcr.hold.quota;

/** A user's storage on this hold: distinct layer digests and the sum of their sizes. */
public record Usage(long uniqueBlobs, long totalSize) {
}

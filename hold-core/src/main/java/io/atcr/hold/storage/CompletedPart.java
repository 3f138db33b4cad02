package io.atcr.hold.storage;

/** One part named in {@code completeUpload}: its number and the etag its upload answered. */
public record CompletedPart(int partNumber, String etag) {
}

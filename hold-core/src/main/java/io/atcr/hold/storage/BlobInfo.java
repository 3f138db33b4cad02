package io.atcr.hold.storage;

/** A stored blob: its {@code sha256:…} digest and size in bytes. */
public record BlobInfo(String digest, long size) {
}

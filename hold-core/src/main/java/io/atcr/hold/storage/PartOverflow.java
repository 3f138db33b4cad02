package io.atcr.hold.storage;

/** A part sent more bytes than it was allowed; nothing of it was kept. */
public final class PartOverflow extends RuntimeException {
    private final long allowed;

    public PartOverflow(long allowed) {
        super("the part is larger than the " + allowed + " bytes it may have");
        this.allowed = allowed;
    }

    public long allowed() {
        return allowed;
    }
}

package io.atcr.hold.identity;

/** A DID could not be resolved to a usable {@code #atproto} key; the message says why, for the log only. */
final class DidResolutionException extends RuntimeException {
    DidResolutionException(String message) {
        super(message);
    }
}

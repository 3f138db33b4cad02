package io.atcr.hold.cli;

/** The command line was not understood; the usage is printed after the message. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

package io.atcr.hold.db;

/** The database failed; callers see a 503 and may retry. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.atcr.hold.storage;

import io.atcr.hold.failure.Failure;
import java.io.IOException;
import java.util.Locale;

/** Turns a failure of the storage itself into the 5xx error the caller sees; a retry may succeed once it is fixed. */
final class StorageFailure {
    private StorageFailure() {
    }

    static Failure of(String what, IOException e) {
        String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (reason.contains("no space left") || reason.contains("disk quota exceeded")) {
            return new Failure(Failure.Kind.STORAGE_FULL, "InsufficientStorage",
                    "the hold's disk is full while " + what + "; nothing was kept, try again after the operator frees space", e);
        }
        return new Failure(Failure.Kind.UNAVAILABLE, "StorageUnavailable",
                "the hold's storage failed while " + what + "; nothing was kept, try again shortly", e);
    }
}

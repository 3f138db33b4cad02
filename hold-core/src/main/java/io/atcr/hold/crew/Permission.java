package io.atcr.hold.crew;

import java.util.List;
import java.util.Set;

/** The crew permissions a hold knows. */
public final class Permission {
    public static final String BLOB_READ = "blob:read";
    public static final String BLOB_WRITE = "blob:write";
    public static final Set<String> ALL = Set.of(BLOB_READ, BLOB_WRITE);

    private Permission() {
    }

    /** The first permission that is not a known one, if any. */
    public static java.util.Optional<String> unknownIn(List<String> permissions) {
        return permissions.stream().filter(p -> !ALL.contains(p)).findFirst();
    }
}

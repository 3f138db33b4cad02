package io.atcr.hold.testing;

import io.atcr.hold.identity.HoldSigningKey;
import io.atcr.hold.repo.Repository;
import java.nio.file.Path;
import java.time.Clock;

/** Repositories for core tests that build stores by hand: a fresh signing key in the test's folder. */
public final class TestRepositories {
    public static final String DID = "did:web:hold.test";

    private TestRepositories() {
    }

    public static Repository in(Path dir, io.atcr.hold.db.Database db) {
        return new Repository(DID, HoldSigningKey.loadOrCreate(dir.resolve("signing.key")), Clock.systemUTC(), db);
    }
}

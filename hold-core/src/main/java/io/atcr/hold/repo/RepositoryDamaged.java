package io.atcr.hold.repo;

/** The stored repository does not read back: a block is missing or altered, or the tree is malformed. */
public final class RepositoryDamaged extends RuntimeException {
    RepositoryDamaged(String problem, Throwable cause) {
        super("the hold's repository is damaged (" + problem + "); run 'repo verify' for every problem, then restore "
                + "a backup of the database", cause);
    }
}

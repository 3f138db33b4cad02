package io.atcr.hold.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hold's SQLite database: WAL mode, so the command line can write while {@code serve} reads, a small pool of
 * connections, and the schema migrated at open. {@link #transaction} runs work under {@code BEGIN IMMEDIATE}, so a
 * transaction either commits whole or leaves nothing behind.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int POOL_SIZE = 4;

    /** Work against one connection; may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(POOL_SIZE);
    private final List<Connection> all = new CopyOnWriteArrayList<>();

    private Database(Path file) {
        this.file = file;
    }

    /** Opens (creating if needed) the database file and applies pending migrations. */
    public static Database open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new DatabaseException("HOLD_DATABASE_DIR: cannot create the database folder for " + file + ": " + e, e);
        }
        Database db = new Database(file);
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                db.pool.add(db.connect());
            }
            db.transaction(Migrations::apply);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e instanceof DatabaseException de ? de
                    : new DatabaseException("HOLD_DATABASE_DIR: cannot open the database " + file + ": " + e.getMessage(), e);
        }
        return db;
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute("PRAGMA journal_mode = WAL");
            // FULL: a commit survives power loss. What the hold commits (a billing event acknowledged to Stripe, a
            // push's layer records, a crew change) is rare next to its cost, one fsync per commit.
            st.execute("PRAGMA synchronous = FULL");
            st.execute("PRAGMA foreign_keys = ON");
        }
        all.add(connection);
        return connection;
    }

    private Connection aside;

    /**
     * Runs read work on a connection of its own, outside the pool, one caller at a time: for reads that happen
     * while their caller may already hold a pooled connection (the repository reading a tree node on demand inside a
     * transaction), which must not wait for the pool. It sees what is committed.
     */
    public synchronized <T> T readAside(Work<T> work) {
        try {
            if (aside == null || aside.isClosed()) {
                aside = connect();
            }
            return work.run(aside);
        } catch (SQLException e) {
            throw new DatabaseException("database read failed: " + e.getMessage(), e);
        }
    }

    /** Runs read work on a pooled connection. */
    public <T> T read(Work<T> work) {
        Connection connection = take();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException("database read failed: " + e.getMessage(), e);
        } finally {
            release(connection);
        }
    }

    /**
     * Runs read work in one read transaction, so that several queries see one moment of the database (WAL readers
     * never block writers). Always rolled back: the work must not write.
     */
    public <T> T snapshot(Work<T> work) {
        Connection connection = take();
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN DEFERRED");
            try {
                return work.run(connection);
            } finally {
                rollback(connection);
            }
        } catch (SQLException e) {
            throw new DatabaseException("database read failed: " + e.getMessage(), e);
        } finally {
            release(connection);
        }
    }

    /**
     * Runs work in one immediate transaction: committed when it returns, rolled back when it throws anything
     * (an {@link Error} too), so a connection never goes back to the pool inside an open transaction.
     */
    public <T> T transaction(Work<T> work) {
        Connection connection = take();
        try {
            return inTransaction(connection, work);
        } finally {
            release(connection);
        }
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) {
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            throw new DatabaseException("cannot start a transaction: " + e.getMessage(), e);
        }
        try {
            T result = work.run(connection);
            try (Statement st = connection.createStatement()) {
                st.execute("COMMIT");
            }
            return result;
        } catch (SQLException e) {
            rollback(connection);
            throw new DatabaseException("database write failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            rollback(connection);
            throw e;
        }
    }

    /** Rolls back; a connection that cannot roll back is closed, and {@link #release} replaces it. */
    private static void rollback(Connection connection) {
        try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            log.warn("rollback failed, closing the connection: {}", e.getMessage());
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being replaced either way
            }
        }
    }

    /** Returns a connection to the pool, or a fresh one in its place when it was closed. */
    private void release(Connection connection) {
        try {
            if (connection.isClosed()) {
                all.remove(connection);
                connection = connect();
            }
            pool.add(connection);
        } catch (SQLException e) {
            log.error("cannot replace a closed database connection: {}", e.getMessage());
        }
    }

    private Connection take() {
        try {
            Connection connection = pool.poll(30, TimeUnit.SECONDS);
            if (connection == null) {
                throw new DatabaseException("no database connection became free within 30 s", null);
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while waiting for a database connection", e);
        }
    }

    /** Closes every connection, pooled or in use. */
    @Override
    public void close() {
        pool.clear();
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("closing a database connection failed: {}", e.getMessage());
            }
        }
        all.clear();
    }
}

package io.atcr.hold.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Databases as an older hold left them: the schema's first steps only, for migration tests. */
public final class OldSchema {
    private OldSchema() {
    }

    /**
     * Creates {@code file} with the first {@code version} migration steps and opens a plain connection on it, for the
     * test to fill as that hold would have; open it with {@link Database#open} afterwards to migrate it.
     */
    public static Connection create(Path file, int version) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        c.setAutoCommit(false);
        Migrations.applyUpTo(c, version);
        c.commit();
        c.setAutoCommit(true);
        return c;
    }
}

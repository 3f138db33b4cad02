package io.atcr.hold.repo;

import io.atcr.hold.db.Database;
import io.atcr.hold.record.DagCbor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * A database holds one hold: the DID its repository was made for, kept in {@code hold_meta} from the first start (a
 * database from before that key takes it from its head commit). Its records are signed for that DID, so a hold
 * started with another public URL would publish them under a DID that did not sign them.
 */
public final class RepositoryOwner {
    private RepositoryOwner() {
    }

    /**
     * The DID this database belongs to; on a database that belongs to none yet, {@code did} becomes its owner.
     * Answers the owner, which the caller compares with its own DID.
     */
    public static String claim(Database db, String did) {
        return db.transaction(c -> {
            Optional<String> known = stored(c).or(() -> headDid(c));
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT OR IGNORE INTO hold_meta (key, value) VALUES ('hold_did', ?)")) {
                insert.setString(1, known.orElse(did));
                insert.executeUpdate();
            }
            return known.orElse(did);
        });
    }

    private static Optional<String> stored(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT value FROM hold_meta WHERE key = 'hold_did'");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static Optional<String> headDid(Connection c) {
        try {
            return Repository.head(c).flatMap(head -> Repository.block(c, head.commit()))
                    .map(DagCbor::decode).filter(Map.class::isInstance).map(commit -> ((Map<?, ?>) commit).get("did"))
                    .filter(String.class::isInstance).map(String.class::cast);
        } catch (SQLException e) {
            throw new io.atcr.hold.db.DatabaseException("reading the repository's head commit failed", e);
        }
    }
}

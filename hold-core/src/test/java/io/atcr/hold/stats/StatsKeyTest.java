package io.atcr.hold.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stats record keys are upstream's: base32(sha256(owner + "/" + repository)[:16]), lower-case, unpadded. The expected
 * keys were computed apart from this code, with Python's hashlib and base64.b32encode.
 */
class StatsKeyTest {
    @ParameterizedTest
    @CsvSource({
            "did:plc:aliceaaaaaaaaaaaaaaaaaaa, myapp, hwflnoyaybezwxumgx4txwhgn4",
            "did:web:bob.example.com, tools/cli, s5ssqne4rk5oqpvgx2fewufe3q",
            "did:plc:x, '', qiagby5wxsvwisyhvx3ywpqg5m",
    })
    void theKeyIsBase32OfTheFirstSixteenBytesOfTheHash(String owner, String repository, String key) {
        assertEquals(key, StatsKey.of(owner, repository));
    }
}

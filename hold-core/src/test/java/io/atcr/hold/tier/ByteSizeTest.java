package io.atcr.hold.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
    @ParameterizedTest
    @CsvSource({"512B,512", "1KB,1024", "2GB,2147483648", "1.5 GB,1610612736", "10gb,10737418240",
            "1TB,1099511627776", "1PB,1125899906842624", "0.5kb,512"})
    void unitsAreEach1024TimesTheLast(String text, long bytes) {
        assertEquals(Optional.of(bytes), ByteSize.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GB", "5", "5XB", "-1GB", "1,5GB", "1e3GB", "99999999PB"})
    void anythingElseIsNotASize(String text) {
        assertTrue(ByteSize.parse(text).isEmpty(), text);
    }

    @Test
    void formatUsesTheLargestWholeUnit() {
        assertEquals("2 GB", ByteSize.format(2147483648L));
        assertEquals("1.5 GB", ByteSize.format(1610612736L));
        assertEquals("1023 B", ByteSize.format(1023));
        assertEquals("0 B", ByteSize.format(0));
    }
}

package io.atcr.hold.tier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as operators write them in quotas.yaml: a number (decimals allowed) and B, KB, MB, GB, TB or PB, 1024 apart. */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)\\s*");

    private ByteSize() {
    }

    /** Parses {@code 2GB}, {@code 1.5 tb}, {@code 512b}; empty when the text is not such a size. */
    public static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int exponent = unitIndex(m.group(2).toUpperCase(Locale.ROOT));
        if (exponent < 0) {
            return Optional.empty();
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(exponent));
        try {
            return Optional.of(bytes.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException tooLarge) {
            return Optional.empty();
        }
    }

    /** The largest unit in which the size is at least 1, with up to two decimals: {@code 1.5 GB}. */
    public static String format(long bytes) {
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(bytes);
        BigDecimal step = BigDecimal.valueOf(1024);
        while (unit < UNITS.length - 1 && value.compareTo(step) >= 0) {
            value = value.divide(step);
            unit++;
        }
        return value.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " " + UNITS[unit];
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        return -1;
    }
}

package io.atcr.hold.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code did:web} of a host, without a path: its DNS host name and, when given ({@code %3A}), its port. Host names
 * are checked as DNS names are (labels of letters, digits and inner hyphens, 1 to 63 long, 253 in all), and a name
 * whose last label is a number is refused: that is an IP address or a typo of one, never a did:web host.
 */
public record WebDid(String host, int port) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final String PREFIX = "did:web:";

    /** The host and port of {@code did}, when it is a well-formed did:web of a host. */
    public static Optional<WebDid> parse(String did) {
        if (did == null || !did.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = did.substring(PREFIX.length());
        int colon = rest.toLowerCase(Locale.ROOT).indexOf("%3a");
        String host = colon < 0 ? rest : rest.substring(0, colon);
        int port = -1;
        if (colon >= 0) {
            String digits = rest.substring(colon + 3);
            if (!PORT.matcher(digits).matches() || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
                return Optional.empty();
            }
            port = Integer.parseInt(digits);
        }
        return validHost(host) ? Optional.of(new WebDid(host.toLowerCase(Locale.ROOT), port)) : Optional.empty();
    }

    private static boolean validHost(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        String last = labels[labels.length - 1];
        return !DIGITS.matcher(last).matches() && (labels.length > 1 || last.equals("localhost"));
    }

    /** {@code host} or {@code host:port}, as in a URL. */
    public String authority() {
        return port < 0 ? host : host + ":" + port;
    }
}

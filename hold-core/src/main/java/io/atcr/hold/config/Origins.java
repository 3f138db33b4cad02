package io.atcr.hold.config;

import java.net.URI;
import java.util.Locale;

/** Web URLs and origins ({@code scheme://host[:port]}): the one place they are checked and compared. */
public final class Origins {
    private Origins() {
    }

    /** An absolute http or https URL with a host. */
    public static boolean isHttpUrl(URI uri) {
        return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
    }

    /** An http(s) URL that is an origin alone: no user info, path (but "/"), query or fragment. */
    public static boolean isBareOrigin(URI uri) {
        String path = uri.getRawPath();
        return isHttpUrl(uri) && (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
    }

    /** The origin of an absolute URL, with the default port left out. */
    public static String of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}

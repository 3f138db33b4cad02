package io.atcr.hold.config;

import java.net.URI;
import java.util.Locale;

/** Web origins ({@code scheme://host[:port]}), compared the way browsers compare them. */
public final class Origins {
    private Origins() {
    }

    /** The origin of an absolute URL, with the default port left out. */
    public static String of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}

package io.atcr.hold.config;

/** Where the server listens: {@code host:port} or {@code :port} (all interfaces). Port 0 picks a free port. */
public record ListenAddress(String host, int port) {
    static ListenAddress parse(String variable, String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(variable + "=" + text + ": expected host:port or :port, for example :8080");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + "=" + text + ": the port must be a number from 0 to 65535");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(variable + "=" + text + ": the port must be a number from 0 to 65535");
        }
        return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }
}

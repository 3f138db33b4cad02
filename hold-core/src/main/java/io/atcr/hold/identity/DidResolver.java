package io.atcr.hold.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches DID documents: {@code did:plc} from the PLC directory, {@code did:web} from the host's
 * {@code /.well-known/did.json} ({@code http} only for localhost and 127.0.0.1). Every fetch is bounded: a connect
 * timeout, one deadline for the whole answer, a cap on its size, and the JDK's bounded redirects (never https to http).
 */
final class DidResolver {
    static final Pattern PLC = Pattern.compile("did:plc:[a-z2-7]{24}");
    static final Pattern WEB = Pattern.compile("did:web:([a-zA-Z0-9.-]+(?:%3[aA][0-9]{1,5})?)");
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private final String plcDirectory;
    private final Duration deadline;
    private final HttpClient http;

    DidResolver(URI plcDirectory, Duration connectTimeout, Duration deadline) {
        String base = plcDirectory.toString();
        this.plcDirectory = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.deadline = deadline;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Whether this resolver can resolve {@code did} at all (a did:plc or a host-level did:web). */
    static boolean supports(String did) {
        return PLC.matcher(did).matches() || WEB.matcher(did).matches();
    }

    /** @throws DidResolutionException saying why the document could not be had */
    DidDocument resolve(String did) {
        URI url = documentUrl(did);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(deadline)
                .header("Accept", "application/did+ld+json, application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, CappedBody.handler(MAX_DOCUMENT_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new DidResolutionException("resolving " + did + " timed out after " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new DidResolutionException("resolving " + did + " failed: " + reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DidResolutionException("resolving " + did + " was interrupted");
        }
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            throw new DidResolutionException(did + " is not known to " + url.getHost() + " (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() != 200) {
            throw new DidResolutionException("resolving " + did + " failed: " + url.getHost() + " answered HTTP "
                    + response.statusCode());
        }
        return DidDocument.parse(did, response.body());
    }

    URI documentUrl(String did) {
        if (PLC.matcher(did).matches()) {
            return URI.create(plcDirectory + "/" + did);
        }
        Matcher web = WEB.matcher(did);
        if (!web.matches()) {
            throw new DidResolutionException("'" + did + "' is neither a did:plc nor a did:web of a host");
        }
        String authority = URLDecoder.decode(web.group(1), StandardCharsets.UTF_8);
        String host = authority.contains(":") ? authority.substring(0, authority.indexOf(':')) : authority;
        boolean local = host.equals("localhost") || host.equals("127.0.0.1");
        return URI.create((local ? "http" : "https") + "://" + authority + "/.well-known/did.json");
    }

    private static String reason(Throwable cause) {
        if (cause instanceof CappedBody.TooLarge) {
            return "the document is larger than " + MAX_DOCUMENT_BYTES / 1024 + " KiB";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof java.net.ConnectException) {
            return "cannot connect";
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName();
    }
}

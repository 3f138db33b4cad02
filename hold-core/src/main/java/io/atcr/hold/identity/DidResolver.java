package io.atcr.hold.identity;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches DID documents: {@code did:plc} from the PLC directory, {@code did:web} from the host's
 * {@code /.well-known/did.json} over https. A did:web host that is or resolves to a loopback, private, link-local or
 * multicast address is refused, unless the operator allows such hosts for development (then over http). Redirects
 * are never followed. Every fetch is bounded: a connect timeout, one deadline for the whole answer, a size cap.
 * The reasons in {@link DidResolutionException} are for the log, not for the caller. Thread-safe.
 */
final class DidResolver {
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private final String plcDirectory;
    private final Duration deadline;
    private final boolean allowPrivate;
    private final HttpClient http;

    DidResolver(URI plcDirectory, Duration connectTimeout, Duration deadline, boolean allowPrivate) {
        String base = plcDirectory.toString();
        this.plcDirectory = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.deadline = deadline;
        this.allowPrivate = allowPrivate;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Fetches the document of {@code did} without holding a thread while the host answers; the DNS lookup of a
     * did:web host runs on {@code lookups}. Fails with {@link DidResolutionException} saying why.
     */
    CompletableFuture<DidDocument> resolve(String did, Executor lookups) {
        CompletableFuture<URI> url = Did.isPlc(did) ? CompletableFuture.completedFuture(documentUrl(did))
                : CompletableFuture.supplyAsync(() -> documentUrl(did), lookups);
        return url.thenCompose(at -> fetch(did, at));
    }

    private CompletableFuture<DidDocument> fetch(String did, URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(deadline)
                .header("Accept", "application/did+ld+json, application/json").GET().build();
        return http.sendAsync(request, CappedBody.handler(MAX_DOCUMENT_BYTES))
                .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        throw new DidResolutionException("resolving " + did + " failed: " + (cause instanceof TimeoutException
                                ? "timed out after " + deadline.toSeconds() + " s" : reason(cause)));
                    }
                    if (response.statusCode() != 200) {
                        throw new DidResolutionException("resolving " + did + " failed: " + url.getHost() + " answered HTTP "
                                + response.statusCode() + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : ""));
                    }
                    return DidDocument.parse(did, response.body());
                });
    }

    /** Where the document of {@code did} is, after checking a did:web host's addresses (a DNS lookup). */
    URI documentUrl(String did) {
        if (Did.isPlc(did)) {
            return URI.create(plcDirectory + "/" + did);
        }
        WebDid web = WebDid.parse(did).orElseThrow(() ->
                new DidResolutionException("'" + did + "' is neither a did:plc nor a did:web of a host"));
        boolean internal = internal(web.host());
        if (internal && !allowPrivate) {
            throw new DidResolutionException(did + " names a host on a loopback or private address; set "
                    + "HOLD_DID_WEB_ALLOW_PRIVATE=true only for local development");
        }
        return webDocumentUrl(web, internal);
    }

    /** https, or http for a host on an internal address (allowed only for development). */
    static URI webDocumentUrl(WebDid web, boolean internal) {
        return URI.create((internal ? "http" : "https") + "://" + web.authority() + "/.well-known/did.json");
    }

    /** Whether any address of {@code host} is one the hold must not reach for a stranger. */
    private static boolean internal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new DidResolutionException("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                return true;
            }
        }
        return false;
    }

    static boolean internal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // 0/8 and carrier-grade NAT
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
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

package io.atcr.hold.server;

import io.atcr.hold.failure.Failure;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Registered last: an NSID no route claimed answers 501 {@code MethodNotImplemented}, and a method this hold serves
 * called with the wrong HTTP method answers 405 {@code InvalidRequest} naming the one to use.
 */
final class UnknownMethods {
    private static final String CATCH_ALL = "/xrpc/{nsid}";
    private final JavalinState config;
    private volatile Map<String, Set<String>> served; // NSID -> HTTP methods, read from the router once it is built

    private UnknownMethods(JavalinState config) {
        this.config = config;
    }

    /** {@code state} is the server's own, read once the router is built to learn which methods it serves. */
    static void register(io.javalin.config.RoutesConfig routes, JavalinState state) {
        UnknownMethods unknown = new UnknownMethods(state);
        routes.get(CATCH_ALL, unknown::answer);
        routes.post(CATCH_ALL, unknown::answer);
        routes.put(CATCH_ALL, unknown::answer);
        routes.delete(CATCH_ALL, unknown::answer);
        routes.patch(CATCH_ALL, unknown::answer);
    }

    private void answer(Context ctx) {
        String nsid = ctx.pathParam("nsid");
        Set<String> methods = served().get(nsid);
        if (methods != null) {
            ctx.header("Allow", String.join(", ", methods));
            throw new Failure(Failure.Kind.WRONG_METHOD, "InvalidRequest", nsid + " is called with " + String.join(" or ", methods)
                    + ", not " + ctx.method() + "; call it again with " + String.join(" or ", methods));
        }
        throw Failure.notImplemented("MethodNotImplemented",
                "this hold does not implement " + nsid + "; see its lexicons for the methods it serves");
    }

    private Map<String, Set<String>> served() {
        Map<String, Set<String>> known = served;
        if (known == null) {
            known = new TreeMap<>();
            for (ParsedEndpoint parsed : config.internalRouter.allHttpHandlers()) {
                String path = parsed.endpoint.path;
                HandlerType method = parsed.endpoint.method;
                if (path.startsWith("/xrpc/") && !path.equals(CATCH_ALL) && method.isHttpMethod() && !method.equals(HandlerType.HEAD)) {
                    known.computeIfAbsent(path.substring("/xrpc/".length()), n -> new TreeSet<>()).add(method.name());
                }
            }
            served = known;
        }
        return known;
    }
}

package io.atcr.hold.server;

import io.atcr.hold.xrpc.XrpcException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Registered last: any NSID no route claimed answers 501 {@code MethodNotImplemented}. */
final class UnknownMethods {
    private UnknownMethods() {
    }

    static void register(RoutesConfig routes) {
        routes.get("/xrpc/{nsid}", UnknownMethods::answer);
        routes.post("/xrpc/{nsid}", UnknownMethods::answer);
    }

    private static void answer(Context ctx) {
        throw XrpcException.notImplemented("MethodNotImplemented",
                "this hold does not implement " + ctx.pathParam("nsid") + "; see its lexicons for the methods it serves");
    }
}

package io.atcr.hold.server;

import io.atcr.hold.Hold;
import io.atcr.hold.xrpc.Json;
import io.atcr.hold.storage.Sweeper;
import io.javalin.Javalin;
import java.time.Duration;
import io.javalin.json.JavalinJackson;

/** The hold's HTTP server: every route, one error handler, one JSON mapper. */
public final class HoldServer implements AutoCloseable {
    /** Largest JSON request body; blob parts stream and are not bound by it. */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /** Request bodies read at once, in bytes: what a flood of large bodies can hold of the heap. */
    static final int BODY_BUDGET_BYTES = 8 * MAX_REQUEST_BYTES;

    private final Javalin app;
    private final Sweeper sweeper;

    private HoldServer(Javalin app, Sweeper sweeper) {
        this.app = app;
        this.sweeper = sweeper;
    }

    /** Builds and starts the server on the configured address (port 0 picks a free port). */
    public static HoldServer start(Hold hold) {
        Auth auth = new Auth(hold);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.appData(BodyBudget.KEY, new BodyBudget(BODY_BUDGET_BYTES, MAX_REQUEST_BYTES));
            config.http.prefer405over404 = true;
            config.jetty.host = hold.config().listenAddress().host();
            config.jetty.port = hold.config().listenAddress().port();
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            XrpcErrors.register(config.routes);
            new IdentityRoutes(hold).register(config.routes);
            new RecordRoutes(hold).register(config.routes);
            new TierRoutes(hold).register(config.routes);
            new BillingRoutes(hold, auth).register(config.routes);
            new CrewRoutes(hold, auth).register(config.routes);
            new StorageRoutes(hold, auth).register(config.routes);
            UnknownMethods.register(config.routes);
        });
        app.start();
        return new HoldServer(app, Sweeper.start(hold.uploads(), hold.garbage(), Duration.ofHours(1)));
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        sweeper.close();
        app.stop();
    }
}

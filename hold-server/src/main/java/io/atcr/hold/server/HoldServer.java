package io.atcr.hold.server;

import io.atcr.hold.Hold;
import io.atcr.hold.config.ConfigException;
import io.atcr.hold.config.ListenAddress;
import io.atcr.hold.storage.Sweeper;
import io.atcr.hold.xrpc.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** The hold's HTTP server: every route, one error handler, one JSON mapper. */
public final class HoldServer implements AutoCloseable {
    /** Largest JSON request body; blob parts stream and are not bound by it. */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /** Request bodies read at once, in bytes: what a flood of large bodies can hold of the heap. */
    static final int BODY_BUDGET_BYTES = 8 * MAX_REQUEST_BYTES;

    private final Javalin app;
    private final Sweeper sweeper;
    private final Firehose firehose;
    private final RelayCrawl relays;

    private HoldServer(Javalin app, Sweeper sweeper, Firehose firehose, RelayCrawl relays) {
        this.app = app;
        this.sweeper = sweeper;
        this.firehose = firehose;
        this.relays = relays;
    }

    /**
     * Builds and starts the server on the configured address (port 0 picks a free port).
     *
     * @throws ConfigException naming {@code HOLD_SERVER_ADDR} when the address is not this machine's or the port is taken
     */
    public static HoldServer start(Hold hold) {
        ListenAddress listen = hold.config().listenAddress();
        hold.repositoryDamage().ifPresent(damage -> {
            throw new ConfigException("HOLD_DATABASE_DIR=" + hold.config().databaseDir() + ": " + damage);
        });
        requireLocal(listen);
        Auth auth = new Auth(hold);
        long grace = hold.config().limits().shutdownGrace().toMillis();
        Firehose firehose = new Firehose(hold.events());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.appData(BodyBudget.KEY, new BodyBudget(BODY_BUDGET_BYTES, MAX_REQUEST_BYTES));
            config.http.prefer405over404 = true;
            config.jetty.host = hold.config().listenAddress().host();
            config.jetty.port = hold.config().listenAddress().port();
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                // Stopping waits up to the grace for requests in flight (GracefulHandler tracks them).
                server.setStopTimeout(grace);
                server.insertHandler(new GracefulHandler());
            });
            config.requestLogger.http(AccessLog::write);
            XrpcErrors.register(config.routes);
            new IdentityRoutes(hold).register(config.routes);
            new RecordRoutes(hold).register(config.routes);
            new SyncRoutes(hold).register(config.routes);
            firehose.register(config.routes);
            new TierRoutes(hold).register(config.routes);
            new BillingRoutes(hold, auth).register(config.routes);
            new CrewRoutes(hold, auth).register(config.routes);
            new StorageRoutes(hold, auth).register(config.routes);
            new ManifestRoutes(hold, auth).register(config.routes);
            new AppViewRoutes(hold, auth).register(config.routes);
            new UserDataRoutes(hold, auth).register(config.routes);
            UnknownMethods.register(config.routes, config.unsafe);
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            firehose.close();
            throw new ConfigException("HOLD_SERVER_ADDR=" + listen.host() + ":" + listen.port() + ": the port is in use "
                    + "by another program; stop it or choose another port");
        }
        return new HoldServer(app, Sweeper.start(hold.uploads(), hold.garbage(), Duration.ofHours(1)), firehose,
                RelayCrawl.start(hold.config().relayList(), crawlHostname(hold.config().publicUrl())));
    }

    /** What relays are asked to crawl: the public URL's host, and its port when it names one. */
    private static String crawlHostname(java.net.URI publicUrl) {
        return publicUrl.getHost() + (publicUrl.getPort() == -1 ? "" : ":" + publicUrl.getPort());
    }

    private static void requireLocal(ListenAddress listen) {
        try {
            InetAddress address = InetAddress.getByName(listen.host());
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new ConfigException("HOLD_SERVER_ADDR=" + listen.host() + ":" + listen.port() + ": " + listen.host()
                        + " is not an address of this machine; use one of its addresses, or :PORT for all of them");
            }
        } catch (UnknownHostException | SocketException e) {
            throw new ConfigException("HOLD_SERVER_ADDR=" + listen.host() + ":" + listen.port() + ": " + listen.host()
                    + " does not resolve to an address of this machine");
        }
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting connections, lets requests in flight finish for up to {@code HOLD_SHUTDOWN_GRACE}, and stops. */
    @Override
    public void close() {
        sweeper.close();
        relays.close();
        firehose.close();
        app.stop();
    }
}

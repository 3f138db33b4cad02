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
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** The hold's HTTP server: every route, one error handler, one JSON mapper. */
public final class HoldServer implements AutoCloseable {
    /** Largest JSON request body; blob parts stream and are not bound by it. */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /** Request bodies read at once, in bytes: what a flood of large bodies can hold of the heap. */
    static final int BODY_BUDGET_BYTES = 8 * MAX_REQUEST_BYTES;

    private final Javalin app;
    private final Shutdown shutdown;
    private final Sweeper sweeper;
    private final Firehose firehose;
    private final RelayCrawl relays;

    private HoldServer(Javalin app, Shutdown shutdown, Sweeper sweeper, Firehose firehose, RelayCrawl relays) {
        this.app = app;
        this.shutdown = shutdown;
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
        hold.bringRepositoryUpToDate().ifPresent(damage -> {
            throw new ConfigException("HOLD_DATABASE_DIR=" + hold.config().databaseDir() + ": " + damage);
        });
        requireLocal(listen);
        Auth auth = new Auth(hold.serviceTokens(), hold.captain(), hold.crew());
        Firehose firehose = new Firehose(hold.events(), hold.clock());
        GracefulHandler graceful = new GracefulHandler();
        java.util.concurrent.atomic.AtomicReference<Server> jetty = new java.util.concurrent.atomic.AtomicReference<>();
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
                // close() waits for requests in flight itself (GracefulHandler counts them), then stops at once.
                server.setStopTimeout(0);
                server.insertHandler(graceful);
                jetty.set(server);
            });
            config.jetty.modifyServletContextHandler(HoldServer::keepNoSessions);
            config.requestLogger.http(AccessLog::write);
            XrpcErrors.register(config.routes);
            new IdentityRoutes(hold.identity(), hold.bluesky()).register(config.routes);
            new RecordRoutes(hold.records(), hold.identity()).register(config.routes);
            new SyncRoutes(hold.database(), hold.repository(), hold.identity(), hold.records()).register(config.routes);
            firehose.register(config.routes);
            new TierRoutes(hold.quotas(), hold.quota()).register(config.routes);
            new BillingRoutes(hold.config(), hold.billing(), auth).register(config.routes);
            new CrewRoutes(hold.captain(), hold.crew(), hold.records(), hold.identity(), auth).register(config.routes);
            new StorageRoutes(hold.uploads(), auth).register(config.routes);
            new BlobRoutes(hold.uploads().store(), hold.identity(), hold.captain(), hold.clock(), auth).register(config.routes);
            new ManifestRoutes(hold.manifests(), hold.captain(), hold.layers(), auth).register(config.routes);
            new AppViewRoutes(hold.config(), hold.quotas(), hold.appViewTiers(), hold.identity(), auth)
                    .register(config.routes);
            new UserDataRoutes(hold.userData(), hold.identity(), auth).register(config.routes);
            UnknownMethods.register(config.routes, config.unsafe);
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            firehose.close();
            throw new ConfigException("HOLD_SERVER_ADDR=" + listen.host() + ":" + listen.port() + ": the port is in use "
                    + "by another program; stop it or choose another port");
        }
        return new HoldServer(app, new Shutdown(jetty.get(), graceful, hold.config().limits().shutdownGrace()),
                Sweeper.start(hold.uploads(), hold.garbage(), Duration.ofHours(1)), firehose,
                RelayCrawl.start(hold.config().relays(), crawlHostname(hold.config().publicUrl())));
    }

    /**
     * No request may leave server-side state behind. Javalin's WebSocket upgrade reads the session's attributes with
     * {@code getSession()}, which makes a session (one that never expires) for every request carrying
     * {@code Sec-WebSocket-Version}, and the handler it installs cannot be removed without breaking upgrades: so it
     * sends no cookie and keeps no session past its request.
     */
    private static void keepNoSessions(ServletContextHandler context) {
        SessionHandler sessions = context.getSessionHandler();
        sessions.setUsingCookies(false);
        NullSessionCache cache = new NullSessionCache(sessions);
        cache.setSessionDataStore(new NullSessionDataStore()); // a cache made by hand gets no store of Jetty's
        sessions.setSessionCache(cache);
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

    /**
     * Stops accepting connections, lets requests in flight finish for up to {@code HOLD_SHUTDOWN_GRACE}, cuts those
     * still running then (one line says how many), and stops.
     */
    @Override
    public void close() {
        sweeper.close();
        relays.close();
        firehose.close();
        shutdown.drain();
        app.stop();
    }
}

package io.atcr.hold.server;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful part of stopping, done here rather than by Jetty's stop timeout, whose expiry is an exception that
 * Javalin logs with a stack trace: connectors stop accepting, requests in flight get the grace, and those still
 * running when it ends are counted in one line and cut by the stop that follows.
 */
final class Shutdown {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private final Server server;
    private final GracefulHandler requests;
    private final Duration grace;

    Shutdown(Server server, GracefulHandler requests, Duration grace) {
        this.server = server;
        this.requests = requests;
        this.grace = grace;
    }

    /** Waits up to the grace for requests in flight; answers how many were still running when it ended. */
    long drain() {
        try {
            Graceful.shutdown(server).get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return 0;
        } catch (TimeoutException e) {
            long running = requests.getCurrentRequestCount();
            log.warn("the shutdown grace of {} s (HOLD_SHUTDOWN_GRACE) ended with {} request(s) still running; "
                    + "they are cut", grace.toSeconds(), running);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return requests.getCurrentRequestCount();
        } catch (ExecutionException e) {
            log.warn("waiting for requests in flight failed: {}", e.getCause().toString());
            return requests.getCurrentRequestCount();
        }
    }
}

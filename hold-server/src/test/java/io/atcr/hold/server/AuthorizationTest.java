package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.crew.Permission;
import io.atcr.hold.identity.Caller;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.xrpc.Json;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Auth}'s three modes and its permission check, through probe routes on a server of their own (the methods
 * that use them belong to other parts of the hold): the captain may do everything, crew what their record allows.
 */
class AuthorizationTest {
    private static final String NSID = "io.atcr.hold.probe";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestIdentities ids;
    private static TestHold hold;
    private static Javalin probe;
    private static User captain;

    @BeforeAll
    static void start() {
        ids = TestIdentities.start();
        captain = ids.newUser();
        hold = TestHold.builder().identities(ids).owner(captain.did()).start();
        Auth auth = new Auth(hold.hold().serviceTokens(), hold.hold().captain(), hold.hold().crew());
        probe = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            XrpcErrors.register(config.routes);
            config.routes.get("/optional", ctx -> ctx.result(auth.optional(ctx, NSID).map(Caller::did).orElse("anonymous")));
            config.routes.get("/other", ctx -> ctx.result(auth.required(ctx, "io.atcr.hold.other").did()));
            config.routes.get("/write", ctx -> ctx.result(auth.requirePermission(ctx, NSID, Permission.BLOB_WRITE).did()));
        }).start();
    }

    @AfterAll
    static void stop() {
        probe.stop();
        hold.close();
        ids.close();
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probe.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body()).path("error").asText();
    }

    @Test
    void optionalAuthWithoutATokenIsAnonymous() throws Exception {
        assertEquals("anonymous", get("/optional", null).body());
    }

    @Test
    void optionalAuthWithAValidTokenNamesTheCaller() throws Exception {
        User user = ids.newUser();
        assertEquals(user.did(), get("/optional", user.bearer(NSID)).body());
    }

    @Test
    void optionalAuthWithAnInvalidTokenIsStillA401() throws Exception {
        User user = ids.newUser();
        HttpResponse<String> response = get("/optional", "Bearer " + user.token("did:web:other.test", NSID));
        assertEquals(401, response.statusCode());
        assertEquals("BadJwtAudience", error(response));
    }

    @Test
    void aTokenForOneMethodIsRefusedByAnotherEvenAfterItWasAccepted() throws Exception {
        User user = ids.newUser();
        String bearer = user.bearer(NSID);
        assertEquals(200, get("/optional", bearer).statusCode());
        HttpResponse<String> response = get("/other", bearer);
        assertEquals(401, response.statusCode());
        assertEquals("BadJwtLexiconMethod", error(response));
    }

    @Test
    void theCaptainMayDoEverythingWithoutACrewRecord() throws Exception {
        assertEquals(captain.did(), get("/write", captain.bearer(NSID)).body());
    }

    @Test
    void crewWithThePermissionMayProceed() throws Exception {
        User user = ids.newUser();
        hold.hold().crew().save(user.did(), "write", List.of(Permission.BLOB_READ, Permission.BLOB_WRITE), null, false);
        HttpResponse<String> response = get("/write", user.bearer(NSID));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(user.did(), response.body());
    }

    @Test
    void crewWithoutThePermissionIsForbidden() throws Exception {
        User user = ids.newUser();
        hold.hold().crew().save(user.did(), "reader", List.of(Permission.BLOB_READ), null, false);
        HttpResponse<String> response = get("/write", user.bearer(NSID));
        assertEquals(403, response.statusCode());
        assertEquals("Forbidden", error(response));
    }

    @Test
    void aUserWhoIsNotCrewIsForbidden() throws Exception {
        assertEquals(403, get("/write", ids.newUser().bearer(NSID)).statusCode());
    }

    @Test
    void noTokenIsA401EvenForThePermissionCheck() throws Exception {
        HttpResponse<String> response = get("/write", null);
        assertEquals(401, response.statusCode());
        assertEquals("AuthRequired", error(response));
    }
}

package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.testing.XrpcResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code requestCrew} on a hold that lets anyone join, and on one that lets only the captain join. */
class RequestCrewTest {
    private static final String NSID = CrewRoutes.REQUEST_CREW;
    private static TestIdentities ids;
    private static TestHold open;
    private static TestHold closed;
    private static User captain;

    @BeforeAll
    static void start() {
        ids = TestIdentities.start();
        captain = ids.newUser();
        open = TestHold.builder().identities(ids).quotas(Quotas.EXAMPLE).env("HOLD_ALLOW_ALL_CREW", "true").start();
        closed = TestHold.builder().identities(ids).owner(captain.did()).start();
    }

    @AfterAll
    static void stop() {
        open.close();
        closed.close();
        ids.close();
    }

    private static XrpcResponse join(TestHold hold, User user, Object body) {
        return hold.post("/xrpc/" + NSID, body, "Authorization", user.bearer(NSID));
    }

    @Test
    void firstRequestCreatesTheMemberWithDefaultsAndNoTier() {
        User user = ids.newUser();
        XrpcResponse response = join(open, user, Map.of());
        assertEquals(200, response.status(), response.body());
        assertEquals("created", response.json().path("status").asText());
        Lexicons.assertOutputMatches(NSID, response.json());
        CrewMember member = open.hold().crew().find(user.did()).orElseThrow();
        assertEquals(CrewMember.DEFAULT_ROLE, member.role());
        assertEquals(CrewMember.DEFAULT_PERMISSIONS, member.permissions());
        assertNull(member.tier());
        assertFalse(member.plankowner());
        assertEquals("at://" + TestHold.HOLD_DID + "/io.atcr.hold.crew/" + member.rkey(), response.json().path("uri").asText());
    }

    @Test
    void theRecordIsServedAtTheAnsweredUriWithTheAnsweredCid() {
        User user = ids.newUser();
        JsonNode answer = join(open, user, Map.of()).json();
        String uri = answer.path("uri").asText();
        String rkey = uri.substring(uri.lastIndexOf('/') + 1);
        JsonNode record = open.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                + "&collection=io.atcr.hold.crew&rkey=" + rkey).json();
        assertEquals(user.did(), record.path("value").path("member").asText());
        assertTrue(record.path("value").path("tier").isMissingNode());
        assertEquals(record.path("cid").asText(), answer.path("cid").asText());
        assertTrue(answer.path("message").asText().contains("is now crew"), answer.toString());
    }

    @Test
    void upstreamsDefaultRoleMemberIsTheDefaultRole() {
        User user = ids.newUser();
        assertEquals(200, join(open, user, Map.of("role", "member")).status());
        assertEquals("write", open.hold().crew().find(user.did()).orElseThrow().role());
    }

    @Test
    void secondRequestAnswersAlreadyMemberWithTheSameUri() {
        User user = ids.newUser();
        String uri = join(open, user, Map.of()).json().path("uri").asText();
        XrpcResponse again = join(open, user, Map.of("permissions", List.of("blob:read")));
        assertEquals(200, again.status());
        assertEquals("already_member", again.json().path("status").asText());
        assertEquals(uri, again.json().path("uri").asText());
        assertEquals(CrewMember.DEFAULT_PERMISSIONS, open.hold().crew().find(user.did()).orElseThrow().permissions(),
                "an existing member is left as they are");
    }

    @Test
    void requestedNarrowerPermissionsAreRecorded() {
        User user = ids.newUser();
        assertEquals(200, join(open, user, Map.of("role", "write", "permissions", List.of("blob:read"))).status());
        CrewMember member = open.hold().crew().find(user.did()).orElseThrow();
        assertEquals(CrewMember.DEFAULT_ROLE, member.role());
        assertEquals(List.of("blob:read"), member.permissions());
    }

    @Test
    void aSelfJoiningUserCannotChooseAnotherRole() {
        User user = ids.newUser();
        XrpcResponse response = join(open, user, Map.of("role", "admin"));
        assertEquals(403, response.status());
        assertEquals("RoleNotAllowed", response.error());
        assertTrue(open.hold().crew().find(user.did()).isEmpty());
    }

    @Test
    void unknownPermissionIsABadRequestAndWritesNothing() {
        User user = ids.newUser();
        XrpcResponse response = join(open, user, Map.of("permissions", List.of("blob:read", "blob:delete")));
        assertEquals(400, response.status());
        assertTrue(response.message().contains("blob:delete"), response.message());
        assertTrue(open.hold().crew().find(user.did()).isEmpty());
    }

    @Test
    void aBodyOverTheRequestLimitIs413AndWritesNothing() {
        User user = ids.newUser();
        String huge = "{\"role\": \"" + "w".repeat((int) HoldServer.MAX_REQUEST_BYTES) + "\"}";
        join(open, user, huge).assertXrpcError(413, "PayloadTooLarge");
        assertTrue(open.hold().crew().find(user.did()).isEmpty());
    }

    @Test
    void malformedRoleIsABadRequest() {
        User user = ids.newUser();
        assertEquals(400, join(open, user, Map.of("role", "Captain Of Everything!")).status());
        assertTrue(open.hold().crew().find(user.did()).isEmpty());
    }

    @Test
    void withoutAllowAllCrewAUserIsRefused() {
        User user = ids.newUser();
        XrpcResponse response = join(closed, user, Map.of());
        assertEquals(403, response.status());
        assertEquals("RegistrationDisabled", response.error());
        assertTrue(closed.hold().crew().find(user.did()).isEmpty());
    }

    @Test
    void withoutAllowAllCrewTheCaptainMayJoin() {
        XrpcResponse response = join(closed, captain, Map.of());
        assertEquals(200, response.status(), response.body());
        assertTrue(closed.hold().crew().find(captain.did()).isPresent());
    }
}

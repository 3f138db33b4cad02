package io.atcr.hold.server;

import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input gets an XRPC JSON error with a fitting status, a name and a message; never HTML or a trace. */
class BadInputTest {
    @AutoClose
    private static final TestHold hold = TestHold.builder().quotas(io.atcr.hold.testing.Quotas.EXAMPLE).start();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/xrpc/io.atcr.hold.noSuchMethod|501|MethodNotImplemented",
            "/xrpc/io.atcr.hold.getQuota|400|InvalidUserDid",
            "/xrpc/io.atcr.hold.getQuota?userDid=alice|400|InvalidUserDid",
            "/xrpc/com.atproto.repo.getRecord|400|InvalidRequest",
            "/xrpc/com.atproto.repo.getRecord?repo=did:web:other&collection=io.atcr.hold.crew&rkey=x|404|RepoNotFound",
            "/xrpc/com.atproto.repo.listRecords?repo=did:web:hold.test&collection=com.example.unknown|400|InvalidRequest",
            "/xrpc/com.atproto.repo.listRecords?repo=did:web:hold.test&collection=io.atcr.hold.crew&limit=0|400|InvalidRequest",
            "/xrpc/com.atproto.repo.listRecords?repo=did:web:hold.test&collection=io.atcr.hold.crew&limit=101|400|InvalidRequest",
            "/xrpc/com.atproto.repo.listRecords?repo=did:web:hold.test&collection=io.atcr.hold.crew&limit=ten|400|InvalidRequest",
            "/no/such/page|404|NotFound",
    })
    void badQueriesGetJsonErrors(String path, int status, String error) {
        hold.get(path).assertXrpcError(status, error);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/xrpc/io.atcr.hold.createCheckoutSession|{not json|501|BillingNotEnabled",
            "/xrpc/io.atcr.hold.unknownProcedure|{}|501|MethodNotImplemented",
    })
    void badProceduresGetJsonErrors(String path, String body, int status, String error) {
        hold.post(path, body).assertXrpcError(status, error);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"DELETE|/xrpc/_health|405", "PUT|/xrpc/io.atcr.hold.listTiers|405"})
    void wrongHttpMethodsGetJsonErrors(String method, String path, int status) {
        XrpcResponse response = hold.send(hold.request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
        response.assertXrpcError(status, "InvalidRequest");
    }
}

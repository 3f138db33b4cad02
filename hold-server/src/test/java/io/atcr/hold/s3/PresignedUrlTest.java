package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The bucket, checking its own signatures, refuses a presigned URL that expired or that anyone changed. */
class PresignedUrlTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @AutoClose
    private final UploadingCrew crew = UploadingCrew.start(b -> Storage.S3.configure(b).env("S3_PRESIGN_TTL", "1s"));

    private URI partUrl(String uploadId) {
        XrpcResponse answer = crew.blobs.partUrl(uploadId, 1);
        assertEquals(200, answer.status(), answer.body());
        return URI.create(answer.json().path("url").asText());
    }

    private static HttpResponse<String> put(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anExpiredPartUrlIsRefusedByTheBucket() throws Exception {
        URI url = partUrl(crew.blobs.initiate(Blobs.digest(new byte[] {1})));
        assertTrue(url.getRawQuery().contains("X-Amz-Expires=1"), url.toString());
        Thread.sleep(2100); // S3_PRESIGN_TTL=1s, by the bucket's clock
        HttpResponse<String> answer = put(url);
        assertEquals(403, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("AccessDenied"), answer.body());
    }

    @Test
    void aChangedPartUrlIsRefusedByTheBucket() throws Exception {
        String uploadId = crew.blobs.initiate(Blobs.digest(new byte[] {1}));
        URI url = partUrl(uploadId);
        String other = crew.blobs.initiate(Blobs.digest(new byte[] {2}));
        String signature = url.getRawQuery().replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
        for (String tampered : List.of(url.toString().replace("partNumber=1", "partNumber=2"),
                url.toString().replace(uploadId, other),
                url.toString().replace(signature, new StringBuilder(signature).reverse().toString()))) {
            HttpResponse<String> answer = put(URI.create(tampered));
            assertEquals(403, answer.statusCode(), tampered + ": " + answer.body());
        }
        assertEquals(200, put(url).statusCode(), "the untouched URL still works");
    }

    @Test
    void theHoldsOwnPartRouteTakesNoPartOnS3() {
        String uploadId = crew.blobs.initiate(Blobs.digest(new byte[] {1}));
        XrpcResponse answer = crew.blobs.put("/xrpc/io.atcr.hold.uploadPart?uploadId=" + uploadId
                + "&partNumber=1&expires=9999999999&sig=x", new byte[] {1});
        answer.assertXrpcError(403, "InvalidSignature");
    }
}

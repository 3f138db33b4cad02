package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.UploadingCrew;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A completion checks the quota with the exact bytes it joins: when the uploader's usage and pending bytes no longer
 * fit their tier (it went down while they uploaded), it is refused and the parts are discarded, on every driver.
 */
@ParameterizedClass
@EnumSource(Storage.class)
class LoweredTierCompletionTest {
    private static final String TIERS = """
            tiers:
              small: { quota: 1MB, description: "Small" }
              large: { quota: 8MB, description: "Large" }
            defaults:
              new_crew_tier: large
            """;
    @Parameter
    Storage storage;
    private UploadingCrew crew;

    @BeforeEach
    void start() {
        crew = UploadingCrew.start(b -> storage.configure(b.quotas(TIERS)));
    }

    @AfterEach
    void stop() {
        crew.close();
    }

    @Test
    void aCompletionThatNoLongerFitsTheTierIsRefusedAndDiscarded() {
        Blobs blobs = crew.blobs;
        byte[] bytes = Blobs.bytes(2 * 1024 * 1024, 1);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String etag = blobs.putPart(uploadId, 1, bytes);
        crew.hold.addCrew(blobs.user().did(), "--tier", "small");
        blobs.complete(uploadId, digest, List.of(Blobs.part(1, etag))).assertXrpcError(403, "QuotaExceeded");
        assertEquals(404, blobs.head(digest).status());
        assertEquals(0, crew.hold.hold().uploads().allowance().pending(blobs.user().did()));
        assertEquals(List.of(), storage.stored(crew.hold), "nothing of the upload is left");
        assertEquals("InvalidUploadId", blobs.abort(uploadId).error());
    }

    @Test
    void exactlyTheLimitStillCompletes() {
        crew.hold.addCrew(crew.blobs.user().did(), "--tier", "small");
        byte[] bytes = Blobs.bytes(1024 * 1024, 2);
        assertEquals(200, crew.blobs.download(crew.blobs.upload(bytes, Storage.PART)).status());
    }
}

package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.UploadingCrew;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Quota and pending bytes on every driver: stored parts and completed blobs no manifest names count against their
 * uploader, no upload starts without room, and a completion checks the quota with the exact bytes it joins (when the
 * uploader's usage and pending bytes no longer fit their tier, it went down meanwhile, it is refused and the parts
 * are discarded).
 */
@ParameterizedClass
@ArgumentsSource(Storage.Drivers.class)
class DriverQuotaTest {
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
    void storedPartsAndUnnamedBlobsArePendingUntilAPushNamesThem() {
        Blobs blobs = crew.blobs;
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {1}));
        blobs.putPart(uploadId, 1, new byte[3000]);
        String digest = blobs.upload(Blobs.bytes(5000, 3), Storage.PART);
        assertEquals(8000, pending(blobs), "a stored part and a completed blob");
        Pushes pushes = new Pushes(crew.hold, blobs);
        assertEquals(200, pushes.push("app", Pushes.manifestDigest("a"), Pushes.image(null,
                List.of(java.util.Map.of("digest", digest, "size", 5000, "mediaType", Pushes.LAYER_TYPE)))).status());
        assertEquals(3000, pending(blobs), "the pushed blob became usage");
        assertEquals(200, blobs.abort(uploadId).status());
        assertEquals(0, pending(blobs));
    }

    @Test
    void noUploadStartsWithoutRoom() {
        crew.hold.addCrew(crew.blobs.user().did(), "--tier", "small");
        crew.blobs.upload(Blobs.bytes(1024 * 1024, 4), Storage.PART);
        crew.hold.post("/xrpc/" + Blobs.INITIATE, java.util.Map.of("digest", Blobs.digest(new byte[] {5})),
                "Authorization", crew.blobs.user().bearer(Blobs.INITIATE)).assertXrpcError(403, "QuotaExceeded");
    }

    private long pending(Blobs blobs) {
        return crew.hold.hold().uploads().allowance().pending(blobs.user().did());
    }

    @Test
    void exactlyTheLimitStillCompletes() {
        crew.hold.addCrew(crew.blobs.user().did(), "--tier", "small");
        byte[] bytes = Blobs.bytes(1024 * 1024, 2);
        assertEquals(200, crew.blobs.download(crew.blobs.upload(bytes, Storage.PART)).status());
    }
}

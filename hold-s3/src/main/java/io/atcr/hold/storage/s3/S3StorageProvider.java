package io.atcr.hold.storage.s3;

import io.atcr.hold.config.HoldConfig;
import io.atcr.hold.config.S3Settings;
import io.atcr.hold.storage.BlobStore;
import io.atcr.hold.storage.BlobStoreProvider;

/** {@code STORAGE_DRIVER=s3}, found by {@link java.util.ServiceLoader}. */
public final class S3StorageProvider implements BlobStoreProvider {

    @Override
    public HoldConfig.StorageDriver driver() {
        return HoldConfig.StorageDriver.S3;
    }

    @Override
    public BlobStore open(Context context) {
        S3Settings settings = context.config().s3().orElseThrow();
        return new S3BlobStore(BucketClients.of(settings), settings, new BucketUploads(context.database()),
                context.clock(), Completion.Rules.of(context.config().limits().maxPartSize()));
    }
}

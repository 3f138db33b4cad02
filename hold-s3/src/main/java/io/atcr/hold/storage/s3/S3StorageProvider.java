package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.UploadSessions;
import io.atcr.hold.config.S3Settings;
import io.atcr.hold.storage.BlobStore;
import io.atcr.hold.storage.BlobStoreProvider;

/** {@code STORAGE_DRIVER=s3}, found by {@link java.util.ServiceLoader}. */
public final class S3StorageProvider implements BlobStoreProvider {

    @Override
    public String driver() {
        return S3Settings.DRIVER;
    }

    @Override
    public BlobStore open(Context context) {
        if (!(context.config().storage() instanceof S3Settings settings)) {
            throw new IllegalArgumentException("the S3 driver opened for " + context.config().storage().driver());
        }
        return new S3BlobStore(BucketClients.of(settings), settings, context.sessions(),
                context.clock(), Completion.Rules.of(context.config().limits().maxPartSize()));
    }
}

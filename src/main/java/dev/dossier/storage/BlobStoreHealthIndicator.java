package dev.dossier.storage;

import java.io.IOException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Reports whether the blob store can take files, as part of readiness. */
@Component("blobStorage")
class BlobStoreHealthIndicator extends AbstractHealthIndicator {

	private final BlobStore blobs;

	BlobStoreHealthIndicator(BlobStore blobs) {
		super("Blob store check failed");
		this.blobs = blobs;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws IOException {
		this.blobs.checkAvailable();
		builder.up().withDetail("type", this.blobs.getClass().getSimpleName());
	}

}

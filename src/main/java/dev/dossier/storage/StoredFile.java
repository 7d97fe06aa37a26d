package dev.dossier.storage;

import java.time.Instant;

/**
 * One stored file as recorded in the database.
 *
 * @param filename display name, already cleaned; never used to build a path
 * @param deletedAt when the owner deleted it, or {@code null}; deleted files are never served
 */
public record StoredFile(long id, long accountId, FileKind kind, String blobKey, String contentType, long size,
		String sha256, String filename, Instant createdAt, Instant deletedAt) {

	public boolean isDeleted() {
		return this.deletedAt != null;
	}

}

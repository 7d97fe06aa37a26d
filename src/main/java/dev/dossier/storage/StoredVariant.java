package dev.dossier.storage;

/**
 * A derived image of a stored file as recorded in the database; its bytes are a blob of their own.
 *
 * @param name variant name used in URLs ({@code ?variant=256})
 */
public record StoredVariant(long fileId, String name, String blobKey, String contentType, long size, String sha256,
		int width, int height) {
}

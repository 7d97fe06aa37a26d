package dev.dossier.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Storage of file bytes, addressed by keys that the service generates. Implementations publish a
 * blob atomically: a reader sees the whole blob or none.
 */
public interface BlobStore {

	/**
	 * Stores the file at {@code source} under {@code key} and makes it durable before returning. The
	 * source may be moved away; the caller must not use it afterwards.
	 */
	void put(String key, Path source) throws IOException;

	/** Opens a stored blob for reading; throws {@link java.nio.file.NoSuchFileException} if absent. */
	InputStream open(String key) throws IOException;

	/** Size in bytes of a stored blob. */
	long size(String key) throws IOException;

	boolean exists(String key) throws IOException;

	/** Removes a blob; does nothing when it is absent. */
	void delete(String key) throws IOException;

	/**
	 * Returns the blob as a local file when the store keeps it on this machine's disk, or
	 * {@code null}; lets downloads use zero-copy transfer and HTTP ranges without buffering.
	 */
	Path localPath(String key);

	/**
	 * Calls {@code action} with the key of every stored blob last written before {@code cutoff}.
	 * Blobs written during the listing may or may not be seen.
	 */
	void forEachOlderThan(Instant cutoff, Consumer<String> action) throws IOException;

	/** When the blob was last written; {@link java.nio.file.NoSuchFileException} if absent. */
	Instant lastModified(String key) throws IOException;

	/** Checks that the store can be written to now; throws with the reason when it cannot. */
	void checkAvailable() throws IOException;

	/**
	 * Returns a short-lived URL at which clients can fetch the blob straight from the store, or
	 * {@code null} when the store offers none or is configured not to.
	 * @param contentType {@code Content-Type} the store must send with the bytes
	 * @param contentDisposition {@code Content-Disposition} the store must send with the bytes
	 */
	default URI presignedDownload(String key, String contentType, String contentDisposition, Duration lifetime) {
		return null;
	}

}

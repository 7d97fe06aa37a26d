package dev.dossier.upload;

import java.nio.file.Path;

/**
 * A fully received upload: the decoded file in a synced temp file, and the cleaned display name.
 * Closing it removes the temp file unless something moved it away.
 *
 * @param declaredType the data-URL type the client named, or {@code null}; a hint, never trusted
 */
public record ReceivedUpload(Spool spool, String filename, String declaredType) implements AutoCloseable {

	public Path path() {
		return this.spool.path();
	}

	public long size() {
		return this.spool.size();
	}

	public String sha256() {
		return this.spool.sha256();
	}

	@Override
	public void close() {
		this.spool.close();
	}

}

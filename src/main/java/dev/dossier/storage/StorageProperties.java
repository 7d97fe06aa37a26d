package dev.dossier.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded storage keeps its files.
 *
 * @param dataDir directory for the SQLite database, the blobs ({@code blobs/}), upload spools
 * ({@code tmp/}) and the generated URL signing key
 */
@ConfigurationProperties("dossier.storage")
public record StorageProperties(@DefaultValue("./data") Path dataDir) {

	public Path blobDir() {
		return this.dataDir.resolve("blobs");
	}

	public Path tempDir() {
		return this.dataDir.resolve("tmp");
	}

}

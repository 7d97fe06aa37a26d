package dev.dossier.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the data folder readable by the service's user only, because it contains the database with
 * e-mail addresses and password hashes, and the database file itself is created by SQLite with
 * the process's umask. A folder that already exists keeps the permissions its operator gave it.
 */
final class PrivateFolders {

	private PrivateFolders() {
	}

	static void create(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			return;
		}
		if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.createDirectories(folder,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(folder);
		}
	}

}

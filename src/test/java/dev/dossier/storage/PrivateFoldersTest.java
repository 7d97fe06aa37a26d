package dev.dossier.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateFoldersTest {

	@TempDir
	Path temp;

	@Test
	void newDataFolderIsOwnerOnly() throws Exception {
		Assumptions.assumeTrue(this.temp.getFileSystem().supportedFileAttributeViews().contains("posix"),
				"needs POSIX permissions");
		Path data = this.temp.resolve("service").resolve("data");

		PrivateFolders.create(data);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
	}

	@Test
	void existingFolderKeepsItsPermissions() throws Exception {
		Assumptions.assumeTrue(this.temp.getFileSystem().supportedFileAttributeViews().contains("posix"),
				"needs POSIX permissions");
		Path shared = Files.createDirectory(this.temp.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));

		PrivateFolders.create(shared);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-x---");
	}

}

package dev.dossier.storage;

import java.nio.file.Path;

/**
 * Directory for upload spool files: on the same file system as the local blobs, so that a spool
 * file can be renamed into place. Emptied at start-up.
 */
public record SpoolDirectory(Path path) {
}

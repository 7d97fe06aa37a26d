package dev.dossier.storage;

import java.nio.file.Path;

/**
 * A derived image of a file that is about to be stored, such as an avatar's 256 px square.
 *
 * @param name variant name used in URLs ({@code ?variant=256})
 * @param source synced file holding the bytes; moved into the blob store
 * @param sha256 lower-case hex SHA-256 of the bytes, used as the blob key
 */
public record NewVariant(String name, Path source, long size, String sha256, String contentType, int width,
		int height) {
}

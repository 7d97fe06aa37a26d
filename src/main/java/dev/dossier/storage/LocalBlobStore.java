package dev.dossier.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps blobs as files under one directory, fanned out over two folder levels ({@code ab/cd/key})
 * because creating files in one large flat folder is several times slower on ext4. The source file
 * must already be synced to disk. It is renamed into place and then the folder is synced, so a
 * crash leaves either no blob or the whole blob.
 */
class LocalBlobStore implements BlobStore {

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{3,199}");

	private final Path root;

	LocalBlobStore(Path root) {
		this.root = root;
	}

	@Override
	public void put(String key, Path source) throws IOException {
		Path target = resolve(key);
		Files.createDirectories(target.getParent());
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | AtomicMoveNotSupportedException ex) {
			// Same key means same content here, so an existing blob is already the right one.
			if (!Files.exists(target)) {
				throw ex;
			}
			Files.deleteIfExists(source);
			return;
		}
		syncDirectory(target.getParent());
	}

	@Override
	public InputStream open(String key) throws IOException {
		return Files.newInputStream(resolve(key));
	}

	@Override
	public long size(String key) throws IOException {
		return Files.size(resolve(key));
	}

	@Override
	public boolean exists(String key) {
		return Files.isRegularFile(resolve(key));
	}

	@Override
	public void delete(String key) throws IOException {
		Files.deleteIfExists(resolve(key));
	}

	@Override
	public Path localPath(String key) {
		return resolve(key);
	}

	@Override
	public void forEachOlderThan(Instant cutoff, Consumer<String> action) throws IOException {
		try (Stream<Path> files = Files.find(this.root, 3, (path, attributes) -> attributes.isRegularFile()
				&& attributes.lastModifiedTime().toInstant().isBefore(cutoff))) {
			files.map((path) -> path.getFileName().toString()).filter((name) -> KEY.matcher(name).matches())
				.forEach(action);
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	@Override
	public Instant lastModified(String key) throws IOException {
		return Files.getLastModifiedTime(resolve(key)).toInstant();
	}

	@Override
	public void checkAvailable() throws IOException {
		if (!Files.isDirectory(this.root) || !Files.isWritable(this.root)) {
			throw new IOException("Blob folder " + this.root + " is missing or not writable");
		}
	}

	private Path resolve(String key) {
		if (!KEY.matcher(key).matches()) {
			throw new IllegalArgumentException("Invalid blob key: " + key);
		}
		return this.root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
	}

	private static void syncDirectory(Path directory) throws IOException {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

}

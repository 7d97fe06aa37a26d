package dev.dossier.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A temp file that receives an upload's decoded bytes while computing their SHA-256 and size.
 * Closing it deletes the file unless {@link #release()} handed the file over to a blob store, so
 * that no temp file outlives a failed request.
 */
public final class Spool implements AutoCloseable {

	static final String SUFFIX = ".part";

	private final Path path;

	private final FileChannel channel;

	private final MessageDigest digest;

	private long size;

	private String sha256;

	private boolean released;

	private Spool(Path path, FileChannel channel) {
		this.path = path;
		this.channel = channel;
		this.digest = sha256Digest();
	}

	/** Creates an empty spool file in {@code directory}, which must already exist. */
	public static Spool create(Path directory) throws IOException {
		Path path = Files.createTempFile(directory, "upload-", SUFFIX);
		FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
		return new Spool(path, channel);
	}

	/** Stream that writes to the file and the digest; not buffered, so write in blocks. */
	public OutputStream outputStream() {
		return new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				Spool.this.digest.update(bytes, offset, length);
				ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
				while (buffer.hasRemaining()) {
					Spool.this.channel.write(buffer);
				}
				Spool.this.size += length;
			}

		};
	}

	/** Forces the bytes to disk and closes the file for writing; the digest is final after this. */
	public void finish() throws IOException {
		this.channel.force(true);
		this.channel.close();
		this.sha256 = HexFormat.of().formatHex(this.digest.digest());
	}

	public Path path() {
		return this.path;
	}

	public long size() {
		return this.size;
	}

	/** Lower-case hex SHA-256 of the bytes; available after {@link #finish()}. */
	public String sha256() {
		if (this.sha256 == null) {
			throw new IllegalStateException("Spool " + this.path + " is not finished");
		}
		return this.sha256;
	}

	/** Marks the file as moved elsewhere, so that {@link #close()} leaves it alone. */
	public void release() {
		this.released = true;
	}

	@Override
	public void close() {
		try {
			this.channel.close();
			if (!this.released) {
				Files.deleteIfExists(this.path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete spool file " + this.path, ex);
		}
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime must provide SHA-256", ex);
		}
	}

}

package dev.dossier.upload;

import java.io.InputStream;
import java.util.function.IntSupplier;

/**
 * An in-memory body that returns at most a few bytes per {@code read}, the way a slow network
 * connection does, so that every token of a body can straddle the reader's buffer boundary.
 */
final class ChunkedInputStream extends InputStream {

	private final byte[] data;

	private final IntSupplier chunkSize;

	private int position;

	/**
	 * @param data the body
	 * @param chunkSize the maximum number of bytes for each {@code read} call; values below 1 count as 1
	 */
	ChunkedInputStream(byte[] data, IntSupplier chunkSize) {
		this.data = data;
		this.chunkSize = chunkSize;
	}

	@Override
	public int read() {
		return (this.position < this.data.length) ? this.data[this.position++] & 0xff : -1;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (this.position == this.data.length) {
			return -1;
		}
		int chunk = Math.max(1, this.chunkSize.getAsInt());
		int count = Math.min(Math.min(length, chunk), this.data.length - this.position);
		System.arraycopy(this.data, this.position, buffer, offset, count);
		this.position += count;
		return count;
	}

	/** Number of body bytes handed out so far. */
	int bytesRead() {
		return this.position;
	}

	boolean isExhausted() {
		return this.position == this.data.length;
	}

}

package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the directory of an ICO file and hands its largest entry to a standard ImageIO reader: a
 * PNG entry as it is, a bitmap entry as a BMP file with the header an ICO leaves out. The ICO
 * bitmap's transparency (its alpha bytes, or else its 1-bit AND mask) is applied afterwards, since
 * the BMP reader does not know about it.
 */
// NOTE: TwelveMonkeys' ICO reader lives in imageio-bmp, which the Maven registry reachable from
// this build does not serve at 3.14.0; this class replaces it and reads ICO files only.
final class IcoEntries {

	private static final int DIRECTORY_ENTRY_SIZE = 16;

	private static final int MAX_ENTRIES = 256;

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private static final int BI_RGB = 0;

	private static final int BI_BITFIELDS = 3;

	private IcoEntries() {
	}

	/**
	 * The chosen entry as a stand-alone image file.
	 *
	 * @param image PNG or BMP file bytes
	 * @param width width from the entry's own header, not from the directory (which stops at 256)
	 * @param height height from the entry's own header, without the AND mask
	 * @param dib the original bitmap entry for its transparency, or {@code null} for a PNG entry
	 */
	record Entry(ImageFormat format, byte[] image, int width, int height, ByteBuffer dib) {

		/** Applies the bitmap entry's alpha bytes or AND mask to an image decoded from it. */
		BufferedImage applyTransparency(BufferedImage decoded, int subsampling) {
			if (this.dib == null) {
				return decoded;
			}
			int bitCount = this.dib.getShort(14);
			int headerSize = this.dib.getInt(0);
			int colorBytes = paletteSize(this.dib) + ((this.dib.getInt(16) == BI_BITFIELDS) ? 12 : 0);
			int pixelStart = headerSize + colorBytes;
			int rowBytes = ((this.width * bitCount + 31) / 32) * 4;
			int maskStart = pixelStart + rowBytes * this.height;
			int maskRowBytes = ((this.width + 31) / 32) * 4;
			boolean alphaBytes = bitCount == 32 && hasAlpha(pixelStart, rowBytes);
			boolean mask = !alphaBytes && maskStart + (long) maskRowBytes * this.height <= this.dib.limit();
			if (!alphaBytes && !mask) {
				return decoded;
			}

			BufferedImage result = new BufferedImage(decoded.getWidth(), decoded.getHeight(),
					BufferedImage.TYPE_INT_ARGB);
			for (int y = 0; y < result.getHeight(); y++) {
				int row = this.height - 1 - y * subsampling;
				for (int x = 0; x < result.getWidth(); x++) {
					int column = x * subsampling;
					int alpha;
					if (alphaBytes) {
						alpha = this.dib.get(pixelStart + row * rowBytes + column * 4 + 3) & 0xff;
					}
					else {
						int bits = this.dib.get(maskStart + row * maskRowBytes + column / 8) & 0xff;
						alpha = ((bits >> (7 - column % 8)) & 1) == 1 ? 0 : 0xff;
					}
					result.setRGB(x, y, (alpha << 24) | (decoded.getRGB(x, y) & 0xffffff));
				}
			}
			return result;
		}

		/** Returns whether any alpha byte is set, since icons whose alpha bytes are all zero use their AND mask. */
		private boolean hasAlpha(int pixelStart, int rowBytes) {
			for (int i = pixelStart + 3; i < pixelStart + rowBytes * this.height && i < this.dib.limit(); i += 4) {
				if (this.dib.get(i) != 0) {
					return true;
				}
			}
			return false;
		}

	}

	/** Reads the directory of {@code file} and returns its entry with the most pixels and colours. */
	static Entry largest(Path file) throws IOException {
		ByteBuffer ico = readAll(file);
		if (ico.limit() < 6 || ico.getShort(0) != 0 || ico.getShort(2) != 1) {
			throw new IOException("Not an ICO file: bad ICONDIR header");
		}
		int count = ico.getShort(4) & 0xffff;
		if (count == 0 || count > MAX_ENTRIES || 6 + count * DIRECTORY_ENTRY_SIZE > ico.limit()) {
			throw new IOException("ICO directory lists " + count + " entries");
		}

		int best = -1;
		long bestRank = -1;
		for (int i = 0; i < count; i++) {
			int at = 6 + i * DIRECTORY_ENTRY_SIZE;
			int width = (ico.get(at) == 0) ? 256 : ico.get(at) & 0xff;
			int height = (ico.get(at + 1) == 0) ? 256 : ico.get(at + 1) & 0xff;
			int bitCount = ico.getShort(at + 6) & 0xffff;
			long rank = ((long) width * height << 8) | Math.min(bitCount, 255);
			if (rank > bestRank) {
				best = at;
				bestRank = rank;
			}
		}

		long size = ico.getInt(best + 8) & 0xffffffffL;
		long offset = ico.getInt(best + 12) & 0xffffffffL;
		if (offset + size > ico.limit() || size < 16) {
			throw new IOException("ICO entry at " + offset + " with " + size + " bytes runs past the end of the file");
		}
		ByteBuffer data = ico.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
		if (startsWithPng(data)) {
			return pngEntry(data);
		}
		return bitmapEntry(data);
	}

	private static Entry pngEntry(ByteBuffer data) throws IOException {
		ByteBuffer header = data.duplicate().order(ByteOrder.BIG_ENDIAN);
		if (data.limit() < 24) {
			throw new IOException("PNG entry of an ICO is cut short");
		}
		byte[] bytes = new byte[data.limit()];
		data.get(0, bytes);
		return new Entry(ImageFormat.PNG, bytes, header.getInt(16), header.getInt(20), null);
	}

	/** Prepends a BITMAPFILEHEADER and halves the height, which in an ICO also counts the AND mask. */
	private static Entry bitmapEntry(ByteBuffer dib) throws IOException {
		int headerSize = dib.getInt(0);
		if (headerSize < 40 || headerSize > dib.limit()) {
			throw new IOException("ICO bitmap entry has a header of " + headerSize + " bytes");
		}
		int width = dib.getInt(4);
		int height = dib.getInt(8) / 2;
		int compression = dib.getInt(16);
		int pixelOffset = 14 + headerSize + paletteSize(dib) + ((compression == BI_BITFIELDS) ? 12 : 0);

		ByteBuffer bmp = ByteBuffer.allocate(14 + dib.limit()).order(ByteOrder.LITTLE_ENDIAN);
		bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(pixelOffset);
		bmp.put(dib.duplicate().position(0));
		bmp.putInt(14 + 8, height);
		if (compression == BI_RGB) {
			// The image size field of an ICO entry counts the AND mask too; 0 is valid for BI_RGB.
			bmp.putInt(14 + 20, 0);
		}
		return new Entry(ImageFormat.BMP, bmp.array(), width, height, dib);
	}

	private static int paletteSize(ByteBuffer dib) {
		int bitCount = dib.getShort(14);
		if (bitCount > 8) {
			return 0;
		}
		int used = dib.getInt(32);
		return ((used > 0 && used <= 256) ? used : 1 << bitCount) * 4;
	}

	private static boolean startsWithPng(ByteBuffer data) {
		byte[] start = new byte[PNG_SIGNATURE.length];
		data.get(0, start);
		return Arrays.equals(start, PNG_SIGNATURE);
	}

	/** Reads the whole file, which the upload size limit keeps small. */
	private static ByteBuffer readAll(Path file) throws IOException {
		return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
	}

}

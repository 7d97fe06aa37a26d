package dev.dossier.cv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Accepts plain text in UTF-8 (with or without a byte order mark) or in UTF-16 with a byte order
 * mark, as Windows Notepad saves "Unicode". Any other encoding is rejected rather than guessed,
 * because a wrong guess garbles names. The file is decoded twice in blocks: once to validate all
 * of it, once to extract the text up to the limits.
 */
final class PlainTextInspector implements DocumentInspector {

	private static final int BLOCK = 64 * 1024;

	@Override
	public void inspect(Path file, Extraction extraction) throws Exception {
		Encoding encoding = Encoding.of(file);
		decode(file, encoding, Writer.nullWriter());
		extraction.passChecks(null);

		extraction.write((writer) -> decode(file, encoding, writer));
	}

	/**
	 * Checks whether a file that content detection did not recognize is text in an 8-bit legacy
	 * encoding such as Windows-1252. Its first 8 KiB must have no control bytes besides tab and line
	 * breaks, at least one byte above 0x7F, and mostly printable ASCII. Tika's text detection turns
	 * such files down when many of their bytes are above 0x7F (accented words). They are routed to
	 * the text check instead, which answers with the advice to save as UTF-8 rather than a bare 415.
	 */
	static boolean looksLikeEightBitText(Path file) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(8192);
		}
		int printable = 0;
		int high = 0;
		for (byte b : head) {
			int value = b & 0xFF;
			if (value >= 0x80) {
				high++;
			}
			else if ((value >= 0x20 && value < 0x7F) || value == '\t' || value == '\n' || value == '\r') {
				printable++;
			}
			else {
				return false;
			}
		}
		return high > 0 && printable >= head.length * 0.7;
	}

	private static void decode(Path file, Encoding encoding, Writer out) throws IOException {
		CharsetDecoder decoder = encoding.charset()
			.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer bytes = ByteBuffer.allocate(BLOCK);
		CharBuffer chars = CharBuffer.allocate(BLOCK);
		long offset = encoding.markLength();
		try (InputStream stream = Files.newInputStream(file)) {
			stream.skipNBytes(encoding.markLength());
			boolean end = false;
			while (!end) {
				int read = stream.read(bytes.array(), bytes.position(), bytes.remaining());
				end = read < 0;
				bytes.position(bytes.position() + Math.max(read, 0));
				bytes.flip();
				CoderResult result;
				do {
					result = decoder.decode(bytes, chars, end);
					if (result.isError()) {
						throw invalid(encoding, offset + bytes.position(), bytes.get(bytes.position()));
					}
					emit(chars, out);
				}
				while (result.isOverflow());
				offset += bytes.position();
				bytes.compact();
			}
			decoder.flush(chars);
			emit(chars, out);
		}
	}

	private static void emit(CharBuffer chars, Writer out) throws IOException {
		chars.flip();
		out.write(chars.array(), 0, chars.limit());
		chars.clear();
	}

	private static RuntimeException invalid(Encoding encoding, long position, byte value) {
		if (encoding.charset() == StandardCharsets.UTF_8) {
			return Unusable.because(String.format("The text file is not valid UTF-8: the byte 0x%02X at position %d "
					+ "is not part of a UTF-8 character, so the file is probably in a legacy encoding such as "
					+ "Windows-1252. Save it with the encoding UTF-8, which most editors offer under Save As, or "
					+ "upload a PDF.", value & 0xFF, position));
		}
		return Unusable.because("The text file starts with a UTF-16 byte order mark but is not valid UTF-16 at byte "
				+ "position " + position + ". Save it again as UTF-8 or UTF-16, or upload a PDF.");
	}

	/** Encoding of a text file by its byte order mark, and the length of that mark. */
	private record Encoding(Charset charset, int markLength) {

		static Encoding of(Path file) throws IOException {
			byte[] head;
			try (InputStream stream = Files.newInputStream(file)) {
				head = stream.readNBytes(3);
			}
			if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
				return new Encoding(StandardCharsets.UTF_8, 3);
			}
			if (startsWith(head, 0xFF, 0xFE)) {
				return new Encoding(StandardCharsets.UTF_16LE, 2);
			}
			if (startsWith(head, 0xFE, 0xFF)) {
				return new Encoding(StandardCharsets.UTF_16BE, 2);
			}
			return new Encoding(StandardCharsets.UTF_8, 0);
		}

		private static boolean startsWith(byte[] bytes, int... prefix) {
			if (bytes.length < prefix.length) {
				return false;
			}
			for (int i = 0; i < prefix.length; i++) {
				if ((bytes[i] & 0xFF) != prefix[i]) {
					return false;
				}
			}
			return true;
		}

	}

}

package dev.dossier.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

import dev.dossier.upload.UploadBodyException.Reason;

/**
 * Reads an upload body {@code {"upload_content": "<base64>", "upload_filename": "..."}} from a
 * stream and writes the decoded file bytes to a sink as they arrive, so that neither the base64
 * text nor the file is ever held in memory. Buffers: 16 KiB in, 12 KiB out.
 *
 * <p>
 * Hand-written because JSON libraries either materialize the whole string value or, like
 * Jackson's {@code readBinaryValue}, decode only one strict base64 variant. It accepts standard
 * JSON (RFC 8259) with one leniency that Jackson also offers ({@code ALLOW_UNESCAPED_CONTROL_CHARS}):
 * raw control characters inside strings, so that {@code "$(base64 cv.pdf)"} pasted into a shell
 * command works. Inside {@code upload_content} it accepts:
 * <ul>
 * <li>an optional data-URL prefix ({@code data:<anything>;base64,}) of at most
 * {@value #MAX_DATA_URL_PREFIX} characters, whose type is reported as a hint only;</li>
 * <li>the standard and the URL-safe alphabet, even mixed;</li>
 * <li>spaces, CR and LF anywhere (MIME and {@code base64} command wrapping), raw or escaped;</li>
 * <li>missing {@code =} padding.</li>
 * </ul>
 * Anything else is rejected: other characters, padding in the middle, a last group of one
 * character, and non-zero unused bits in the last group (so {@code "xyz"} is invalid: RFC 4648
 * section 3.5 lets decoders reject such non-canonical input, and accepting it would turn a typo
 * into a file of two random bytes).
 *
 * <p>
 * Fields may come in any order; unknown fields are skipped whatever their value. A repeated
 * {@code upload_content} or {@code upload_filename} is rejected because the first copy has already
 * been streamed out. Arrays and objects inside an unknown value may nest at most
 * {@value #MAX_DEPTH} levels deep ({@code [[1]]} is 2 levels).
 */
public final class UploadBodyReader {

	public static final String CONTENT_FIELD = "upload_content";

	public static final String FILENAME_FIELD = "upload_filename";

	static final int MAX_DEPTH = 64;

	/** Maximum length of a field name that is kept. Longer names are still read but can match no known field. */
	private static final int MAX_NAME_CHARS = 256;

	/**
	 * Number of UTF-16 characters kept from the end of a longer {@code upload_filename}. The end
	 * contains the last path segment and the extension, which are all that cleaning keeps, and the
	 * display name is cut to 255 UTF-8 bytes later anyway.
	 */
	static final int MAX_FILENAME_CHARS = 2048;

	/** Maximum length of a data-URL prefix in characters, from {@code data:} to the comma inclusive. */
	static final int MAX_DATA_URL_PREFIX = 256;

	private static final int WHITESPACE = -2;

	private static final int OTHER = -1;

	/** Value of each byte as a base64 digit (both alphabets), or one of the markers above. */
	private static final int[] BASE64 = new int[256];

	static {
		Arrays.fill(BASE64, OTHER);
		String standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		for (int i = 0; i < standard.length(); i++) {
			BASE64[standard.charAt(i)] = i;
		}
		BASE64['-'] = 62;
		BASE64['_'] = 63;
		BASE64[' '] = WHITESPACE;
		BASE64['\r'] = WHITESPACE;
		BASE64['\n'] = WHITESPACE;
	}

	private final InputStream in;

	private final OutputStream sink;

	private final long maxBodyBytes;

	private final long maxFileBytes;

	private final byte[] buffer = new byte[16 * 1024];

	private int position;

	private int limit;

	private long bodyBytes;

	private final byte[] out = new byte[12 * 1024];

	private int outPosition;

	private long decodedBytes;

	/** Base64 digits of the group being decoded, packed 6 bits each. */
	private int group;

	private int groupDigits;

	private int padding;

	private long contentChars;

	/**
	 * @param in the request body
	 * @param sink receives the decoded file bytes
	 * @param maxBodyBytes body size past which reading stops with {@link Reason#BODY_TOO_LARGE}
	 * @param maxFileBytes decoded size past which reading stops with {@link Reason#FILE_TOO_LARGE}
	 */
	public UploadBodyReader(InputStream in, OutputStream sink, long maxBodyBytes, long maxFileBytes) {
		this.in = in;
		this.sink = sink;
		this.maxBodyBytes = maxBodyBytes;
		this.maxFileBytes = maxFileBytes;
	}

	/**
	 * Reads the whole body, streaming the file to the sink.
	 * @throws UploadBodyException when the body is rejected; the sink may then hold a partial file
	 * @throws IOException when reading the body or writing the sink fails
	 */
	public UploadBody read() throws IOException {
		skipByteOrderMark();
		skipWhitespace();
		int first = peekOrEnd();
		if (first == -1) {
			throw invalidJson("The request body is empty. Send a JSON object such as "
					+ "{\"upload_content\": \"<base64>\", \"upload_filename\": \"cv.pdf\"}.");
		}
		if (first != '{') {
			throw invalidJson("The request body must be a JSON object such as "
					+ "{\"upload_content\": \"<base64>\", \"upload_filename\": \"cv.pdf\"}.");
		}
		this.position++;

		boolean contentSeen = false;
		String filename = null;
		String declaredType = null;
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
		}
		else {
			while (true) {
				expect('"', "a field name in double quotes");
				String name = readString(MAX_NAME_CHARS);
				skipWhitespace();
				expect(':', "':' after the field name");
				skipWhitespace();

				if (CONTENT_FIELD.equals(name)) {
					if (contentSeen) {
						throw duplicate(CONTENT_FIELD);
					}
					contentSeen = true;
					if (peek() != '"') {
						throw new UploadBodyException(Reason.INVALID_FIELD, CONTENT_FIELD,
								"upload_content must be a string that contains the file as base64.");
					}
					this.position++;
					declaredType = readContent();
				}
				else if (FILENAME_FIELD.equals(name)) {
					if (filename != null) {
						throw duplicate(FILENAME_FIELD);
					}
					if (peek() != '"') {
						throw new UploadBodyException(Reason.INVALID_FIELD, FILENAME_FIELD,
								"upload_filename must be a string such as \"me.png\" or \"cv.pdf\".");
					}
					this.position++;
					filename = readFilename();
				}
				else {
					skipValue(1);
				}

				skipWhitespace();
				int next = next();
				if (next == '}') {
					break;
				}
				if (next != ',') {
					throw invalidJson("Expected ',' or '}' after a field value" + near(next) + ".");
				}
				skipWhitespace();
			}
		}
		skipWhitespace();
		if (peekOrEnd() != -1) {
			throw invalidJson("The request body continues after the JSON object. "
					+ "Send one JSON object and nothing after it.");
		}

		if (!contentSeen) {
			throw missing(CONTENT_FIELD, "upload_content is missing. Send the file as base64 in upload_content.");
		}
		if (this.decodedBytes == 0) {
			throw missing(CONTENT_FIELD, "upload_content is empty. Send the file as base64 in upload_content.");
		}
		if (filename == null) {
			throw missing(FILENAME_FIELD,
					"upload_filename is missing. Send the file's name, such as \"me.png\" or \"cv.pdf\".");
		}
		if (filename.isEmpty()) {
			throw missing(FILENAME_FIELD,
					"upload_filename is empty. Send the file's name, such as \"me.png\" or \"cv.pdf\".");
		}
		return new UploadBody(filename, declaredType, this.decodedBytes, this.bodyBytes);
	}

	// ---- upload_content -------------------------------------------------------------------

	/** Reads the content string after its opening quote; returns the data-URL type or null. */
	private String readContent() throws IOException {
		String declaredType = null;
		StringBuilder head = new StringBuilder();
		boolean closed = false;
		while (true) {
			int c = nextStringChar();
			if (c < 0) {
				closed = true;
				break;
			}
			head.appendCodePoint(c);
			if (head.length() <= 5) {
				if (!"data:".regionMatches(true, 0, head.toString(), 0, head.length())) {
					break;
				}
			}
			else if (c == ',') {
				declaredType = parseDataUrlPrefix(head);
				head.setLength(0);
				break;
			}
			else if (head.length() >= MAX_DATA_URL_PREFIX) {
				throw invalidBase64("upload_content starts with 'data:' but has no ',' within "
						+ MAX_DATA_URL_PREFIX + " characters. Send plain base64 or a data URL such as "
						+ "data:application/pdf;base64,JVBERi0...");
			}
		}
		if (closed && head.length() >= 5 && head.substring(0, 5).equalsIgnoreCase("data:")) {
			throw invalidBase64("upload_content is a data URL without a ',' before the base64 data. Use a prefix "
					+ "such as data:image/png;base64, or plain base64.");
		}
		for (int i = 0; i < head.length(); i += Character.charCount(head.codePointAt(i))) {
			decodeChar(head.codePointAt(i));
		}
		if (!closed) {
			decodeUntilQuote();
		}
		finishContent();
		return declaredType;
	}

	private String parseDataUrlPrefix(CharSequence prefix) {
		String text = prefix.toString();
		String parameters = text.substring(5, text.length() - 1);
		boolean base64 = false;
		for (String part : parameters.split(";")) {
			if (part.trim().equalsIgnoreCase("base64")) {
				base64 = true;
			}
		}
		if (!base64) {
			throw invalidBase64("upload_content is a data URL that is not base64-encoded. Use a prefix such as "
					+ "data:image/png;base64, or plain base64.");
		}
		int end = parameters.indexOf(';');
		String type = (end >= 0) ? parameters.substring(0, end) : parameters;
		return type.isBlank() ? null : type.trim();
	}

	/**
	 * Decodes, in the hot loop, plain base64 bytes straight from the input buffer and leaves every
	 * other byte (escape, quote, padding, invalid byte) to {@link #decodeChar}.
	 */
	private void decodeUntilQuote() throws IOException {
		final byte[] in = this.buffer;
		final int[] table = BASE64;
		while (true) {
			if (this.position == this.limit && !fill()) {
				throw invalidJson("The request body ended inside upload_content. "
						+ "Send the complete body, with the closing quote of upload_content.");
			}
			if (this.padding == 0) {
				int p = this.position;
				int end = this.limit;
				int value = this.group;
				int digits = this.groupDigits;
				int start = p;
				while (p < end) {
					int v = table[in[p] & 0xff];
					if (v < 0) {
						if (v == WHITESPACE) {
							p++;
							continue;
						}
						break;
					}
					value = (value << 6) | v;
					p++;
					if (++digits == 4) {
						emitGroup(value);
						value = 0;
						digits = 0;
					}
				}
				this.contentChars += p - start;
				this.group = value;
				this.groupDigits = digits;
				this.position = p;
				if (p == end) {
					continue;
				}
			}
			int b = this.buffer[this.position++] & 0xff;
			if (b == '"') {
				return;
			}
			if (b == '\\') {
				decodeChar(readEscape());
			}
			else if (b >= 0x80) {
				throw invalidBase64("upload_content contains a non-ASCII character after " + this.contentChars
						+ " characters. Base64 uses only A-Z, a-z, 0-9, '+', '/' (or '-', '_') and '='.");
			}
			else {
				decodeChar(b);
			}
		}
	}

	/** Decodes one character that arrived escaped, or that the hot loop left over. */
	private void decodeChar(int c) throws IOException {
		this.contentChars++;
		int v = (c < 128) ? BASE64[c] : OTHER;
		if (v == WHITESPACE) {
			return;
		}
		if (c == '=') {
			if (this.groupDigits < 2 || this.groupDigits + ++this.padding > 4) {
				throw invalidBase64("upload_content has '=' padding in the wrong place (after "
						+ this.contentChars + " characters). Padding may only end the base64 text.");
			}
			return;
		}
		if (v < 0) {
			throw invalidBase64("upload_content contains " + describe(c) + " after " + (this.contentChars - 1)
					+ " characters, which is not a base64 character. Base64 uses only A-Z, a-z, 0-9, '+', '/' "
					+ "(or '-', '_'), '=' at the end, and line breaks.");
		}
		if (this.padding > 0) {
			throw invalidBase64("upload_content continues after '=' padding. Padding may only end the base64 text.");
		}
		this.group = (this.group << 6) | v;
		if (++this.groupDigits == 4) {
			emitGroup(this.group);
			this.group = 0;
			this.groupDigits = 0;
		}
	}

	private void emitGroup(int value) throws IOException {
		byte[] o = this.out;
		int p = this.outPosition;
		o[p] = (byte) (value >> 16);
		o[p + 1] = (byte) (value >> 8);
		o[p + 2] = (byte) value;
		this.outPosition = p + 3;
		if (this.outPosition > o.length - 3) {
			flushOut();
		}
	}

	private void finishContent() throws IOException {
		int digits = this.groupDigits;
		int value = this.group;
		if (this.padding > 0 && digits + this.padding != 4) {
			throw invalidBase64("upload_content has the wrong amount of '=' padding at the end. Use '==' after "
					+ "a last group of 2 characters, '=' after a last group of 3, or no padding at all.");
		}
		switch (digits) {
			case 0 -> {
			}
			case 1 -> throw invalidBase64("upload_content is not valid base64: its length (" + base64Length()
					+ " characters without line breaks) leaves one character over. Check that it was copied whole.");
			case 2 -> {
				if ((value & 0xF) != 0) {
					throw nonCanonical();
				}
				this.out[this.outPosition++] = (byte) (value >> 4);
			}
			default -> {
				if ((value & 0x3) != 0) {
					throw nonCanonical();
				}
				this.out[this.outPosition++] = (byte) (value >> 10);
				this.out[this.outPosition++] = (byte) (value >> 2);
			}
		}
		this.group = 0;
		this.groupDigits = 0;
		flushOut();
	}

	private long base64Length() {
		return (this.decodedBytes + this.outPosition) / 3 * 4 + this.groupDigits;
	}

	private void flushOut() throws IOException {
		if (this.outPosition == 0) {
			return;
		}
		this.decodedBytes += this.outPosition;
		if (this.decodedBytes > this.maxFileBytes) {
			throw new UploadBodyException(Reason.FILE_TOO_LARGE, CONTENT_FIELD,
					"The file is larger than the limit of " + this.maxFileBytes + " bytes. Send a smaller file.");
		}
		this.sink.write(this.out, 0, this.outPosition);
		this.outPosition = 0;
	}

	// ---- generic JSON ---------------------------------------------------------------------

	/**
	 * Reads a string after its opening quote. Keeps at most {@code maxChars} characters but checks
	 * the rest as well.
	 */
	private String readString(int maxChars) throws IOException {
		StringBuilder text = new StringBuilder();
		int c;
		while ((c = nextStringChar()) >= 0) {
			if (text.length() < maxChars) {
				text.appendCodePoint(c);
			}
		}
		return text.toString();
	}

	/**
	 * Reads {@code upload_filename} after its opening quote. Keeps its last
	 * {@value #MAX_FILENAME_CHARS} characters, minus a low surrogate whose pair was cut off, since
	 * cleaning keeps only the last path segment and the extension.
	 */
	private String readFilename() throws IOException {
		StringBuilder text = new StringBuilder();
		boolean cut = false;
		int c;
		while ((c = nextStringChar()) >= 0) {
			text.appendCodePoint(c);
			if (text.length() >= 2 * MAX_FILENAME_CHARS) {
				text.delete(0, text.length() - MAX_FILENAME_CHARS);
				cut = true;
			}
		}
		if (text.length() > MAX_FILENAME_CHARS) {
			text.delete(0, text.length() - MAX_FILENAME_CHARS);
			cut = true;
		}
		if (cut && Character.isLowSurrogate(text.charAt(0))) {
			text.deleteCharAt(0);
		}
		return text.toString();
	}

	/**
	 * Reads one character of a string: a code point, or a UTF-16 unit for a <code>&#92;u</code> escape.
	 * Returns -1 at the closing quote.
	 */
	private int nextStringChar() throws IOException {
		int b = next();
		if (b == '"') {
			return -1;
		}
		if (b == '\\') {
			return readEscape();
		}
		return (b < 0x80) ? b : readUtf8(b);
	}

	/** Returns the code point that starts with lead byte {@code b}, checked as strict UTF-8. */
	private int readUtf8(int b) throws IOException {
		int extra;
		int min;
		int codePoint;
		if (b >= 0xC2 && b <= 0xDF) {
			extra = 1;
			min = 0x80;
			codePoint = b & 0x1F;
		}
		else if (b >= 0xE0 && b <= 0xEF) {
			extra = 2;
			min = 0x800;
			codePoint = b & 0x0F;
		}
		else if (b >= 0xF0 && b <= 0xF4) {
			extra = 3;
			min = 0x10000;
			codePoint = b & 0x07;
		}
		else {
			throw invalidUtf8();
		}
		for (int i = 0; i < extra; i++) {
			int next = next();
			if ((next & 0xC0) != 0x80) {
				throw invalidUtf8();
			}
			codePoint = (codePoint << 6) | (next & 0x3F);
		}
		if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
			throw invalidUtf8();
		}
		return codePoint;
	}

	/** Reads an escape after its backslash and returns the UTF-16 unit it stands for. */
	private int readEscape() throws IOException {
		int c = next();
		return switch (c) {
			case '"', '\\', '/' -> c;
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> {
				int value = 0;
				for (int i = 0; i < 4; i++) {
					int digit = Character.digit(next(), 16);
					if (digit < 0) {
						throw invalidJson("A \\u escape needs four hexadecimal digits.");
					}
					value = (value << 4) | digit;
				}
				yield value;
			}
			default -> throw invalidJson("Invalid escape sequence \\" + (char) c + " in a string. Valid escapes are "
					+ "\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\u followed by four hexadecimal digits.");
		};
	}

	/**
	 * Skips one value.
	 * @param depth the nesting level of this value if it is an array or object: 1 for the value of a
	 * top-level field
	 */
	private void skipValue(int depth) throws IOException {
		int c = next();
		switch (c) {
			case '"' -> readString(0);
			case '{' -> skipContainer('}', checkDepth(depth), true);
			case '[' -> skipContainer(']', checkDepth(depth), false);
			case 't' -> expectLiteral("rue");
			case 'f' -> expectLiteral("alse");
			case 'n' -> expectLiteral("ull");
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					skipNumber(c);
				}
				else {
					throw invalidJson("Expected a JSON value" + near(c) + ".");
				}
			}
		}
	}

	private static int checkDepth(int depth) {
		if (depth > MAX_DEPTH) {
			throw invalidJson("JSON values nest deeper than " + MAX_DEPTH + " levels. Send unknown fields with at most "
					+ MAX_DEPTH + " levels of nested arrays and objects, or leave them out.");
		}
		return depth;
	}

	private void skipContainer(char close, int depth, boolean object) throws IOException {
		skipWhitespace();
		if (peek() == close) {
			this.position++;
			return;
		}
		while (true) {
			if (object) {
				expect('"', "a field name in double quotes");
				readString(0);
				skipWhitespace();
				expect(':', "':' after the field name");
				skipWhitespace();
			}
			skipValue(depth + 1);
			skipWhitespace();
			int next = next();
			if (next == close) {
				return;
			}
			if (next != ',') {
				throw invalidJson("Expected ',' or '" + close + "'" + near(next) + ".");
			}
			skipWhitespace();
		}
	}

	private void skipNumber(int first) throws IOException {
		int c = first;
		if (c == '-') {
			c = next();
		}
		if (c == '0') {
			c = peekOrEnd();
		}
		else if (c >= '1' && c <= '9') {
			c = skipDigits();
		}
		else {
			throw invalidJson("Invalid number.");
		}
		if (c == '.') {
			this.position++;
			if (!isDigit(peekOrEnd())) {
				throw invalidJson("Invalid number: a digit must follow '.'.");
			}
			c = skipDigits();
		}
		if (c == 'e' || c == 'E') {
			this.position++;
			c = peekOrEnd();
			if (c == '+' || c == '-') {
				this.position++;
			}
			if (!isDigit(peekOrEnd())) {
				throw invalidJson("Invalid number: a digit must follow the exponent.");
			}
			skipDigits();
		}
	}

	/** Skips digits and returns the byte after them without consuming it (-1 at the end). */
	private int skipDigits() throws IOException {
		int c;
		while (isDigit(c = peekOrEnd())) {
			this.position++;
		}
		return c;
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private void expectLiteral(String rest) throws IOException {
		for (int i = 0; i < rest.length(); i++) {
			if (next() != rest.charAt(i)) {
				throw invalidJson("Invalid literal; expected true, false or null.");
			}
		}
	}

	private void expect(char expected, String what) throws IOException {
		int c = next();
		if (c != expected) {
			throw invalidJson("Expected " + what + near(c) + ".");
		}
	}

	private void skipWhitespace() throws IOException {
		while (true) {
			int c = peekOrEnd();
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
				this.position++;
			}
			else {
				return;
			}
		}
	}

	private void skipByteOrderMark() throws IOException {
		if (peekOrEnd() == 0xEF) {
			this.position++;
			if (next() != 0xBB || next() != 0xBF) {
				throw invalidUtf8();
			}
		}
	}

	// ---- input ----------------------------------------------------------------------------

	private int next() throws IOException {
		if (this.position == this.limit && !fill()) {
			throw invalidJson("The request body ended before the JSON object was complete. Send the complete body.");
		}
		return this.buffer[this.position++] & 0xff;
	}

	private int peek() throws IOException {
		if (this.position == this.limit && !fill()) {
			throw invalidJson("The request body ended before the JSON object was complete. Send the complete body.");
		}
		return this.buffer[this.position] & 0xff;
	}

	private int peekOrEnd() throws IOException {
		if (this.position == this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position] & 0xff;
	}

	private boolean fill() throws IOException {
		int n = this.in.read(this.buffer, 0, this.buffer.length);
		while (n == 0) {
			n = this.in.read(this.buffer, 0, this.buffer.length);
		}
		if (n < 0) {
			return false;
		}
		this.bodyBytes += n;
		if (this.bodyBytes > this.maxBodyBytes) {
			throw new UploadBodyException(Reason.BODY_TOO_LARGE, null,
					"The request body is larger than the limit of " + this.maxBodyBytes + " bytes. Send a smaller file.");
		}
		this.position = 0;
		this.limit = n;
		return true;
	}

	// ---- errors ---------------------------------------------------------------------------

	private static String near(int c) {
		return (c < 0) ? " but the body ended" : " but found " + describe(c);
	}

	private static String describe(int c) {
		if (c >= 0x21 && c < 0x7F && c != '\'') {
			return "'" + (char) c + "'";
		}
		return String.format("the character U+%04X", c);
	}

	private static UploadBodyException invalidJson(String message) {
		return new UploadBodyException(Reason.INVALID_JSON, null, message);
	}

	private static UploadBodyException invalidUtf8() {
		return invalidJson("The request body is not valid UTF-8. Encode the JSON as UTF-8.");
	}

	private static UploadBodyException invalidBase64(String message) {
		return new UploadBodyException(Reason.INVALID_BASE64, CONTENT_FIELD, message);
	}

	private static UploadBodyException nonCanonical() {
		return invalidBase64("upload_content is not valid base64: its last characters do not encode whole bytes. "
				+ "Check that it was copied whole and is really base64.");
	}

	private static UploadBodyException missing(String field, String message) {
		return new UploadBodyException(Reason.MISSING_FIELD, field, message);
	}

	private static UploadBodyException duplicate(String field) {
		return new UploadBodyException(Reason.INVALID_FIELD, field, field + " appears twice. Send it once.");
	}

}

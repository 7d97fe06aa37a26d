package dev.dossier.upload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates upload bodies the way clients write them: a random file encoded in one of the forms
 * people paste, random unknown fields, random field order and whitespace, and sometimes one
 * mutation that breaks or stresses the body. The same seed always gives the same body.
 */
final class UploadBodyGenerator {

	/** Outcome that the contract requires for a generated body, known before any implementation reads it. */
	enum Expectation {

		ACCEPT, REJECT, EITHER

	}

	/**
	 * A generated body with what went into it.
	 * @param json the request body
	 * @param file the encoded file; empty when the content is random base64 text instead
	 * @param filename the {@code upload_filename} value, before any cut
	 * @param declaredType the data-URL type that was sent, or {@code null}
	 * @param expectation whether the contract accepts the body
	 * @param description the choices and mutation, for failure messages
	 */
	record GeneratedBody(byte[] json, byte[] file, String filename, String declaredType, long maxBodyBytes,
			long maxFileBytes, Expectation expectation, String description) {
	}

	private record DataUrl(String prefix, String type) {
	}

	private static final List<DataUrl> DATA_URLS = List.of(new DataUrl("data:image/png;base64,", "image/png"),
			new DataUrl("data:image/jpeg;base64,", "image/jpeg"),
			new DataUrl("data:@file/x-icon;base64,", "@file/x-icon"),
			new DataUrl("data:application/pdf;base64,", "application/pdf"),
			new DataUrl("data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,",
					"application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
			new DataUrl("data:;base64,", null), new DataUrl("data:text/plain;charset=utf-8;base64,", "text/plain"),
			new DataUrl("DATA:IMAGE/GIF;BASE64,", "IMAGE/GIF"),
			new DataUrl("data:application/octet-stream;name=cv.pdf;base64,", "application/octet-stream"),
			new DataUrl("data:image/svg+xml;base64,", "image/svg+xml"),
			new DataUrl("data: image/webp ; base64 ,", "image/webp"));

	private static final String[] LINE_BREAKS = { "\\r\\n", "\\n", "\r\n", "\n", " ", "\\r\\n " };

	private static final String[] NAME_PIECES = { "cv", "CV", "photo", "me", "r\u00e9sum\u00e9",
			"\u5c65\u6b74\u66f8", "\ud83d\ude00", " ", "-", "_", "(1)", "../", "..\\", "C:\\", "\u202e", "\u0000",
			"\t", "\"", "\\", "/", "%2e", "e\u0301", "\ud800", "\udc00", "\u2028", "\ufeff", "\u00a0", "\u0085" };

	private static final String[] EXTENSIONS = { ".pdf", ".png", ".jpg", ".docx", ".txt", "", ".tar.gz" };

	private static final String[] BLANK_NAMES = { " ", "\t", "\r\n", "\u3000", "   ", "\u2028" };

	private static final String[] UNKNOWN_NAMES = { "id", "user", "note", "meta", "size", "upload_contents",
			"Upload_Content", "upload_content_type", "upload", "", "content", "filename", "data", "upload_filename " };

	private static final String[] TEXT_PIECES = { "a", "Z", "0", " ", "\"", "\\", "/", "\u0000", "\u0001", "\t",
			"\n", "\u001f", "\u007f", "\u00e9", "\u5c65", "\ud83d\ude00", "\ud800", "\udfff", "\u2028", "\ufeff",
			"upload_content", "}", "]", ",", ":" };

	private static final String[] INVALID_INSERTS = { "\t", "*", ".", "#", "\u00e9", "\u0000", "\\t", "\\b",
			"\\u00e9", "\\u0000", "!", "\"", "\\f", "\\u0009", "%", "\u007f" };

	private static final String[] TRAILING_GARBAGE = { "x", "{}", "}", ",", "\u0000", "null", "]", "\"", "\ufeff",
			"/", "\n0", "\t[", " \"upload_content\": \"AAAA\"" };

	private static final String[] WHITESPACE = { " ", "\n", "\r\n", "\t", "  \n  ", "\t\t", "\r" };

	private final Random random;

	private final List<String> notes = new ArrayList<>();

	private Expectation expectation = Expectation.ACCEPT;

	UploadBodyGenerator(long seed) {
		this.random = new Random(seed);
	}

	/**
	 * Generates one body.
	 * @param large whether the file is 1 to 6 MiB instead of mostly a few bytes
	 */
	GeneratedBody generate(boolean large) {
		boolean randomText = !large && this.random.nextInt(5) == 0;
		byte[] file = randomText ? new byte[0] : file(large);
		Content content = content(randomText ? randomBase64Text() : encode(file));
		String filename = filename();
		if (filename.isEmpty() || (file.length == 0 && !randomText)) {
			this.expectation = Expectation.REJECT;
		}
		else if (randomText) {
			this.expectation = Expectation.EITHER;
		}

		List<Member> members = new ArrayList<>();
		members.add(new Member(jsonString("upload_content", 0.05), separator(), content.json(), content.start(),
				content.end(), Kind.CONTENT));
		members.add(new Member(jsonString("upload_filename", 0.05), separator(), jsonString(filename, 0.1), 0, 0,
				Kind.FILENAME));
		int unknownFields = this.random.nextInt(5);
		for (int i = 0; i < unknownFields; i++) {
			members.add(new Member(jsonString(pick(UNKNOWN_NAMES), 0.1), separator(), value(0), 0, 0, Kind.UNKNOWN));
		}
		Collections.shuffle(members, this.random);
		this.notes.add(unknownFields + " unknown fields");

		long maxFileBytes = 64L * 1024 * 1024;
		long maxBodyBytes = Long.MAX_VALUE;
		int mutation = (this.random.nextInt(10) < 4) ? this.random.nextInt(17) : -1;
		int jsonMutation = -1;
		switch (mutation) {
			case 0 -> insertIntoContent(members, pick(INVALID_INSERTS), Expectation.REJECT, "invalid character");
			case 1 -> insertIntoContent(members, this.random.nextBoolean() ? "=" : "==", Expectation.EITHER,
					"padding");
			case 2 -> dropFromContent(members);
			case 3 -> duplicateMember(members, true);
			case 4 -> duplicateMember(members, false);
			case 5 -> omitMember(members);
			case 6 -> emptyValue(members);
			case 7 -> wrongType(members);
			case 8 -> {
				maxFileBytes = Math.max(0, file.length - this.random.nextInt(2));
				this.notes.add("file limit " + maxFileBytes);
				if (maxFileBytes < file.length && this.expectation == Expectation.ACCEPT) {
					this.expectation = Expectation.REJECT;
				}
			}
			case 9 -> deepMember(members);
			case 10 -> changeContentEnd(members);
			default -> jsonMutation = mutation;
		}

		byte[] json = assemble(members);
		switch (jsonMutation) {
			case 11 -> json = appendGarbage(json);
			case 12 -> json = truncate(json);
			case 13 -> json = insertByte(json);
			case 14 -> json = replaceByte(json);
			case 15 -> {
				json = concat("[".getBytes(StandardCharsets.US_ASCII), json, "]".getBytes(StandardCharsets.US_ASCII));
				this.notes.add("wrapped in an array");
				this.expectation = Expectation.REJECT;
			}
			case 16 -> {
				maxBodyBytes = json.length - this.random.nextInt(2);
				this.notes.add("body limit " + maxBodyBytes + " for " + json.length + " bytes");
				if (maxBodyBytes < json.length) {
					this.expectation = Expectation.REJECT;
				}
			}
			default -> {
			}
		}
		return new GeneratedBody(json, file, filename, content.declaredType(), maxBodyBytes, maxFileBytes,
				this.expectation, String.join("; ", this.notes));
	}

	// ---- file and content ---------------------------------------------------------------------

	private byte[] file(boolean large) {
		int size;
		int sizeClass = this.random.nextInt(100);
		if (large) {
			size = 1024 * 1024 + this.random.nextInt(5 * 1024 * 1024);
		}
		else if (sizeClass < 5) {
			size = 0;
		}
		else if (sizeClass < 60) {
			size = 1 + this.random.nextInt(64);
		}
		else if (sizeClass < 85) {
			size = this.random.nextInt(4096);
		}
		else if (sizeClass < 97) {
			size = this.random.nextInt(256 * 1024);
		}
		else {
			size = this.random.nextInt(1024 * 1024);
		}
		byte[] file = new byte[size];
		this.random.nextBytes(file);
		this.notes.add(size + " bytes");
		return file;
	}

	private record Content(String json, int start, int end, String declaredType) {
	}

	private String encode(byte[] file) {
		boolean urlSafe = this.random.nextInt(4) == 0;
		String base64 = (urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder()).encodeToString(file);
		this.notes.add(urlSafe ? "URL-safe" : "standard");
		if (urlSafe && this.random.nextBoolean()) {
			base64 = base64.replace('-', '+');
			this.notes.add("alphabets mixed");
		}
		if (this.random.nextInt(3) == 0) {
			base64 = base64.replace("=", "");
			this.notes.add("no padding");
		}
		return base64;
	}

	/**
	 * Returns a random text of at most 15 base64 digits of both alphabets and {@code =}, which
	 * decodes, or not, by the rules on padding, length and unused bits alone. Half of the texts are
	 * digits followed by 0 to 4 {@code =}, so that every pairing of a last group and padding occurs.
	 */
	private String randomBase64Text() {
		String digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";
		boolean paddingAtEnd = this.random.nextBoolean();
		String characters = paddingAtEnd ? digits : digits + "====";
		StringBuilder text = new StringBuilder();
		int length = 4 * this.random.nextInt(3) + this.random.nextInt(4);
		for (int i = 0; i < length; i++) {
			text.append(characters.charAt(this.random.nextInt(characters.length())));
		}
		if (paddingAtEnd) {
			text.append("=".repeat(this.random.nextInt(5)));
		}
		this.notes.add("random base64 text \"" + text + "\"");
		return text.toString();
	}

	/** Writes base64 text as the JSON text of the upload_content string, quotes included. */
	private Content content(String base64) {
		int width = switch (this.random.nextInt(8)) {
			case 0, 1, 2 -> 0;
			case 3, 4, 5 -> 76;
			case 6 -> 64;
			default -> 1 + this.random.nextInt(100);
		};
		String lineBreak = pick(LINE_BREAKS);
		boolean finalBreak = width > 0 && this.random.nextBoolean();
		boolean spaces = this.random.nextInt(10) == 0;
		int slashStyle = this.random.nextInt(5);
		boolean escapeLetters = this.random.nextInt(20) == 0;
		DataUrl dataUrl = (this.random.nextInt(3) == 0) ? DATA_URLS.get(this.random.nextInt(DATA_URLS.size())) : null;
		this.notes.add("width " + width + ", break "
				+ printable(lineBreak) + (finalBreak ? " at the end too" : "") + ", slash style " + slashStyle
				+ (spaces ? ", spaces" : "") + (escapeLetters ? ", escaped letters" : "")
				+ ((dataUrl != null) ? ", prefix " + dataUrl.prefix() : ""));

		StringBuilder json = new StringBuilder(base64.length() + base64.length() / 8 + 64);
		json.append('"');
		if (dataUrl != null) {
			for (int i = 0; i < dataUrl.prefix().length(); i++) {
				char c = dataUrl.prefix().charAt(i);
				json.append((c == '/') ? slash(slashStyle) : String.valueOf(c));
			}
		}
		int start = json.length();
		for (int i = 0; i < base64.length(); i++) {
			if (width > 0 && i > 0 && i % width == 0) {
				json.append(lineBreak);
			}
			if (spaces && this.random.nextInt(50) == 0) {
				json.append(this.random.nextBoolean() ? " " : "\\u0020");
			}
			char c = base64.charAt(i);
			if (c == '/') {
				json.append(slash(slashStyle));
			}
			else if (escapeLetters && this.random.nextInt(100) == 0) {
				json.append(unicodeEscape(c));
			}
			else {
				json.append(c);
			}
		}
		if (finalBreak) {
			json.append(lineBreak);
		}
		int end = json.length();
		json.append('"');
		return new Content(json.toString(), start, end, (dataUrl != null) ? dataUrl.type() : null);
	}

	private String slash(int style) {
		return switch (style) {
			case 0 -> "/";
			case 1 -> "\\/";
			case 2 -> "\\u002F";
			case 3 -> "\\u002f";
			default -> pick(new String[] { "/", "\\/", "\\u002F", "\\u002f" });
		};
	}

	// ---- filename, unknown values, whitespace -------------------------------------------------

	private String filename() {
		int kind = this.random.nextInt(25);
		if (kind == 0) {
			this.notes.add("empty filename");
			return "";
		}
		if (kind == 1) {
			this.notes.add("blank filename");
			return pick(BLANK_NAMES);
		}
		StringBuilder name = new StringBuilder();
		int target = (kind == 2) ? 2000 + this.random.nextInt(3000) : 1 + this.random.nextInt(6);
		while (name.length() < target && (kind == 2 || name.length() < 200)) {
			name.append(pick(NAME_PIECES));
			if (kind != 2 && this.random.nextInt(3) == 0) {
				break;
			}
		}
		name.append(pick(EXTENSIONS));
		if (name.toString().isBlank()) {
			name.append("cv");
		}
		this.notes.add("filename of " + name.length() + " characters");
		return name.toString();
	}

	private String separator() {
		return whitespace() + ":" + whitespace();
	}

	private String whitespace() {
		int choice = this.random.nextInt(10);
		if (choice < 6) {
			return "";
		}
		return (choice < 8) ? " " : pick(WHITESPACE);
	}

	/** Returns the JSON text of a random value whose arrays and objects nest at most 4 deep. */
	private String value(int depth) {
		int choice = this.random.nextInt((depth >= 4) ? 4 : 6);
		return switch (choice) {
			case 0 -> number();
			case 1 -> jsonString(text(), 0.2);
			case 2 -> pick(new String[] { "true", "false", "null" });
			case 3 -> (this.random.nextInt(50) == 0) ? jsonString("x".repeat(this.random.nextInt(100_000)), 0.01)
					: jsonString(text(), 0.0);
			case 4 -> container(depth, '{', '}');
			default -> container(depth, '[', ']');
		};
	}

	private String container(int depth, char open, char close) {
		StringBuilder json = new StringBuilder().append(open).append(whitespace());
		int size = this.random.nextInt(4);
		for (int i = 0; i < size; i++) {
			if (i > 0) {
				json.append(whitespace()).append(',').append(whitespace());
			}
			if (open == '{') {
				json.append(jsonString(pick(UNKNOWN_NAMES), 0.1)).append(separator());
			}
			json.append(value(depth + 1));
		}
		return json.append(whitespace()).append(close).toString();
	}

	private String number() {
		String integer = switch (this.random.nextInt(4)) {
			case 0 -> "0";
			case 1 -> String.valueOf(1 + this.random.nextInt(999_999));
			case 2 -> "1234567890123456789012345678901234567890".substring(0, 1 + this.random.nextInt(40));
			default -> String.valueOf(this.random.nextInt(10));
		};
		if (integer.length() > 1 && integer.charAt(0) == '0') {
			integer = "1" + integer;
		}
		String sign = this.random.nextBoolean() ? "-" : "";
		String fraction = this.random.nextBoolean() ? "" : "." + this.random.nextInt(1000);
		String exponent = this.random.nextInt(3) > 0 ? ""
				: pick(new String[] { "e", "E" }) + pick(new String[] { "", "+", "-" }) + this.random.nextInt(400);
		return sign + integer + fraction + exponent;
	}

	private String text() {
		StringBuilder text = new StringBuilder();
		int pieces = this.random.nextInt(8);
		for (int i = 0; i < pieces; i++) {
			text.append(pick(TEXT_PIECES));
		}
		return text.toString();
	}

	/**
	 * Returns the JSON text of a string, quotes included, with about {@code escapeRate} of its
	 * characters escaped. Control characters are sometimes left raw, which the reader tolerates;
	 * lone surrogates are always escaped because UTF-8 cannot carry them.
	 */
	private String jsonString(String value, double escapeRate) {
		StringBuilder json = new StringBuilder(value.length() + 2).append('"');
		int i = 0;
		while (i < value.length()) {
			int codePoint = value.codePointAt(i);
			i += Character.charCount(codePoint);
			boolean escape = escapeRate > 0 && this.random.nextDouble() < escapeRate;
			if (codePoint == '"' || codePoint == '\\') {
				json.append(escape ? unicodeEscape((char) codePoint) : "\\" + (char) codePoint);
			}
			else if (codePoint <= 0xFFFF && Character.isSurrogate((char) codePoint)) {
				json.append(unicodeEscape((char) codePoint));
			}
			else if (escape) {
				json.append(escape(codePoint));
			}
			else {
				json.appendCodePoint(codePoint);
			}
		}
		return json.append('"').toString();
	}

	private String escape(int codePoint) {
		String shortForm = switch (codePoint) {
			case '\b' -> "\\b";
			case '\f' -> "\\f";
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			case '/' -> "\\/";
			default -> null;
		};
		if (shortForm != null && this.random.nextBoolean()) {
			return shortForm;
		}
		StringBuilder escaped = new StringBuilder();
		for (char unit : Character.toChars(codePoint)) {
			escaped.append(unicodeEscape(unit));
		}
		return escaped.toString();
	}

	private String unicodeEscape(char unit) {
		String hex = HexFormat.of().toHexDigits(unit);
		return "\\u" + (this.random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
	}

	// ---- members and mutations ----------------------------------------------------------------

	/**
	 * One field of the top-level object as JSON text. For upload_content, {@code start} and
	 * {@code end} mark the base64 text inside {@code value}.
	 */
	private record Member(String name, String separator, String value, int start, int end, Kind kind) {

		String json() {
			return this.name + this.separator + this.value;
		}

		Member withValue(String newValue, int newEnd) {
			return new Member(this.name, this.separator, newValue, this.start, newEnd, this.kind);
		}

	}

	private enum Kind {

		CONTENT, FILENAME, UNKNOWN

	}

	private void insertIntoContent(List<Member> members, String insert, Expectation result, String what) {
		int index = contentIndex(members);
		Member content = members.get(index);
		int at = content.start() + this.random.nextInt(content.end() - content.start() + 1);
		String value = content.value().substring(0, at) + insert + content.value().substring(at);
		members.set(index, content.withValue(value, content.end() + insert.length()));
		this.notes.add(what + " " + printable(insert) + " inserted at " + (at - content.start()) + " of "
				+ (content.end() - content.start()));
		this.expectation = (this.expectation == Expectation.REJECT) ? Expectation.REJECT : result;
	}

	/** Appends padding or a character to the base64 text, or changes its last character. */
	private void changeContentEnd(List<Member> members) {
		int index = contentIndex(members);
		Member content = members.get(index);
		String base64 = content.value().substring(content.start(), content.end());
		String changed = switch (this.random.nextInt(3)) {
			case 0 -> base64 + pick(new String[] { "=", "==", "===", "====", " =", "=\\n=" });
			case 1 -> base64 + pick(new String[] { "A", "Q", "g", "w", "\\/" });
			default -> base64.isEmpty() ? "x"
					: base64.substring(0, base64.length() - 1) + pick(new String[] { "A", "B", "Q", "R", "g", "h", "w" });
		};
		String value = content.value().substring(0, content.start()) + changed
				+ content.value().substring(content.end());
		members.set(index, content.withValue(value, content.start() + changed.length()));
		this.notes.add("content end changed to \"" + printable(changed.substring(Math.max(0, changed.length() - 8)))
				+ "\"");
		if (this.expectation != Expectation.REJECT) {
			this.expectation = Expectation.EITHER;
		}
	}

	private void dropFromContent(List<Member> members) {
		int index = contentIndex(members);
		Member content = members.get(index);
		if (content.end() == content.start()) {
			return;
		}
		int at = content.start() + this.random.nextInt(content.end() - content.start());
		String value = content.value().substring(0, at) + content.value().substring(at + 1);
		members.set(index, content.withValue(value, content.end() - 1));
		this.notes.add("character " + printable(content.value().substring(at, at + 1)) + " dropped at "
				+ (at - content.start()));
		if (this.expectation != Expectation.REJECT) {
			this.expectation = Expectation.EITHER;
		}
	}

	private void duplicateMember(List<Member> members, boolean known) {
		Member copy;
		if (known) {
			copy = members.get(this.random.nextBoolean() ? contentIndex(members) : filenameIndex(members));
			this.expectation = Expectation.REJECT;
		}
		else {
			copy = new Member(jsonString("note", 0.0), ":", value(0), 0, 0, Kind.UNKNOWN);
			members.add(this.random.nextInt(members.size() + 1), copy);
		}
		members.add(this.random.nextInt(members.size() + 1),
				new Member(copy.name(), copy.separator(), copy.value(), 0, 0, Kind.UNKNOWN));
		this.notes.add("field " + printable(copy.name()) + " repeated");
	}

	private void omitMember(List<Member> members) {
		int index = this.random.nextBoolean() ? contentIndex(members) : filenameIndex(members);
		this.notes.add("field " + members.get(index).name() + " left out");
		members.remove(index);
		this.expectation = Expectation.REJECT;
	}

	private void emptyValue(List<Member> members) {
		int index = this.random.nextBoolean() ? contentIndex(members) : filenameIndex(members);
		Member member = members.get(index);
		String value = pick(new String[] { "\"\"", "\" \"", "\"\\n\"", "\"\\r\\n \"" });
		members.set(index, member.withValue(value, 0));
		this.notes.add("field " + member.name() + " set to " + printable(value));
		// Blank content decodes to no bytes, but a blank filename is accepted (the service later gives
		// it a fallback display name). The generator then no longer knows the expected name, nor
		// whether an earlier empty name still decides the outcome, so only the reader and the
		// reference are compared.
		if (index == contentIndex(members) || value.equals("\"\"")) {
			this.expectation = Expectation.REJECT;
		}
		else {
			this.expectation = Expectation.EITHER;
		}
	}

	private void wrongType(List<Member> members) {
		int index = this.random.nextBoolean() ? contentIndex(members) : filenameIndex(members);
		Member member = members.get(index);
		String value = pick(new String[] { "null", "42", "true", "[]", "{}", "[\"SGk=\"]", "{\"a\": \"b\"}" });
		members.set(index, member.withValue(value, 0));
		this.notes.add("field " + member.name() + " set to " + value);
		this.expectation = Expectation.REJECT;
	}

	/** Adds an unknown field whose arrays and objects nest 60 to 70 levels deep. */
	private void deepMember(List<Member> members) {
		int depth = 60 + this.random.nextInt(11);
		StringBuilder open = new StringBuilder();
		StringBuilder close = new StringBuilder();
		boolean innermostIsObject = false;
		for (int i = 0; i < depth; i++) {
			innermostIsObject = this.random.nextBoolean();
			if (innermostIsObject) {
				open.append("{\"k\":").append(whitespace());
				close.insert(0, '}');
			}
			else {
				open.append('[').append(whitespace());
				close.insert(0, ']');
			}
		}
		String inner = (innermostIsObject || this.random.nextBoolean()) ? number() : "";
		members.add(this.random.nextInt(members.size() + 1),
				new Member(jsonString("deep", 0.0), ":", open + inner + close, 0, 0, Kind.UNKNOWN));
		this.notes.add("unknown field nested " + depth + " levels deep");
		if (depth > UploadBodyReader.MAX_DEPTH) {
			this.expectation = Expectation.REJECT;
		}
	}

	private byte[] assemble(List<Member> members) {
		StringBuilder json = new StringBuilder();
		json.append(whitespace()).append('{').append(whitespace());
		for (int i = 0; i < members.size(); i++) {
			if (i > 0) {
				json.append(whitespace()).append(',').append(whitespace());
			}
			json.append(members.get(i).json());
		}
		json.append(whitespace()).append('}').append(whitespace());
		byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
		if (this.random.nextInt(20) == 0) {
			this.notes.add("byte order mark");
			return concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, bytes, new byte[0]);
		}
		return bytes;
	}

	private byte[] appendGarbage(byte[] json) {
		boolean whitespaceOnly = this.random.nextInt(4) == 0;
		String tail = whitespaceOnly ? pick(WHITESPACE) : pick(TRAILING_GARBAGE);
		this.notes.add("appended " + printable(tail));
		if (!whitespaceOnly) {
			this.expectation = Expectation.REJECT;
		}
		return concat(json, tail.getBytes(StandardCharsets.UTF_8), new byte[0]);
	}

	private byte[] truncate(byte[] json) {
		int length = this.random.nextInt(json.length);
		this.notes.add("cut to " + length + " of " + json.length + " bytes");
		if (this.expectation != Expectation.REJECT) {
			this.expectation = Expectation.EITHER;
		}
		byte[] cut = new byte[length];
		System.arraycopy(json, 0, cut, 0, length);
		return cut;
	}

	private byte[] insertByte(byte[] json) {
		int at = this.random.nextInt(json.length + 1);
		byte inserted = (byte) this.random.nextInt(256);
		this.notes.add(String.format("byte 0x%02X inserted at %d", inserted, at));
		if (this.expectation != Expectation.REJECT) {
			this.expectation = Expectation.EITHER;
		}
		byte[] longer = new byte[json.length + 1];
		System.arraycopy(json, 0, longer, 0, at);
		longer[at] = inserted;
		System.arraycopy(json, at, longer, at + 1, json.length - at);
		return longer;
	}

	private byte[] replaceByte(byte[] json) {
		int at = this.random.nextInt(json.length);
		byte replacement = (byte) this.random.nextInt(256);
		this.notes.add(String.format("byte at %d replaced by 0x%02X", at, replacement));
		if (this.expectation != Expectation.REJECT) {
			this.expectation = Expectation.EITHER;
		}
		byte[] changed = json.clone();
		changed[at] = replacement;
		return changed;
	}

	// ---- helpers ------------------------------------------------------------------------------

	private static int contentIndex(List<Member> members) {
		return indexOf(members, Kind.CONTENT);
	}

	private static int filenameIndex(List<Member> members) {
		return indexOf(members, Kind.FILENAME);
	}

	private static int indexOf(List<Member> members, Kind kind) {
		for (int i = 0; i < members.size(); i++) {
			if (members.get(i).kind() == kind) {
				return i;
			}
		}
		throw new IllegalStateException("No " + kind + " field left; each body gets at most one mutation");
	}

	private String pick(String[] choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	private static byte[] concat(byte[] first, byte[] second, byte[] third) {
		byte[] joined = new byte[first.length + second.length + third.length];
		System.arraycopy(first, 0, joined, 0, first.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		System.arraycopy(third, 0, joined, first.length + second.length, third.length);
		return joined;
	}

	/** Returns the text with control, format and non-ASCII characters written as escapes. */
	static String printable(String text) {
		StringBuilder printable = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				printable.append(c);
			}
			else {
				printable.append(String.format("\\u%04X", (int) c));
			}
		}
		return printable.toString();
	}

}

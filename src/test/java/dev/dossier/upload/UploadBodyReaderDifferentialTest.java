package dev.dossier.upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.dossier.upload.UploadBodyGenerator.Expectation;
import dev.dossier.upload.UploadBodyGenerator.GeneratedBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@link UploadBodyReader} accepts and rejects the same bodies as a reference built on
 * a full JSON parser, and that both return the same file bytes, filename and declared type.
 *
 * <p>
 * Bodies come from {@link UploadBodyGenerator}: random files of 0 bytes to 6 MiB (mostly small,
 * every 80th case large) encoded in the forms clients send, or short random base64 texts that probe
 * the padding and length rules. They have random unknown fields, field order and whitespace, and
 * about 40% of them get one mutation. Each body is read three times: by the reader in one go, by
 * the reader through reads of 1 to 7 bytes, and by the reference. The small reads make tokens
 * straddle buffer boundaries, and both reads by the reader must give the same result. Where the
 * contract alone determines the answer for a generated body, the reference must give that answer
 * too, so the test fails if both implementations go wrong the same way.
 *
 * <p>
 * The reference parses the whole body with a Jackson 3 {@link JsonMapper} that enables
 * {@code ALLOW_UNESCAPED_CONTROL_CHARS}, because the reader tolerates raw control characters in
 * strings, and {@code FAIL_ON_TRAILING_TOKENS}. It then applies the rules that the reader documents
 * on top of JSON. The rules, and why Jackson alone is not enough:
 * <ol>
 * <li>A body larger than the body limit is rejected, whatever it contains, because the reader stops
 * reading there.</li>
 * <li>The bytes must be strict UTF-8 and are decoded before Jackson sees them. Jackson 3.1 reading
 * bytes accepts some malformed UTF-8 (the overlong form {@code C0 80}, the lead byte {@code F5})
 * and detects UTF-16 from the first bytes, while the API is UTF-8 only. One UTF-8 byte order mark
 * at the start is dropped, as Jackson does for bytes, because Jackson rejects it in text.</li>
 * <li>The root must be an object. Jackson accepts any value, and an empty document.</li>
 * <li>{@code upload_content} and {@code upload_filename} may each appear once, and other names may
 * repeat. A tree keeps only the last copy, so a streaming pass counts the top-level names. The
 * reader rejects the second copy because it has already streamed the first one out.</li>
 * <li>Arrays and objects inside a field value nest at most {@value UploadBodyReader#MAX_DEPTH}
 * levels, where Jackson 3.1 allows 500 by default. The streaming pass measures this too, because a
 * tree loses values overwritten by a repeated name.</li>
 * <li>Both fields must be strings, and the filename must not be empty (a blank one is accepted
 * and later replaced by a fallback display name).
 * The decoded file must not be empty or larger than the file limit.</li>
 * <li>The content may start with a data-URL prefix: {@code data:} in any case, up to the first
 * comma, at most {@value UploadBodyReader#MAX_DATA_URL_PREFIX} characters including it, with a
 * {@code ;}-separated parameter equal to {@code base64} ignoring case and surrounding spaces. The
 * declared type is the text before the first {@code ;}, trimmed, or {@code null} when blank.</li>
 * <li>After the prefix, spaces, CR and LF are dropped, {@code -} and {@code _} become {@code +}
 * and {@code /}, and {@code =} may only complete a last group of 2 or 3 characters. A last group
 * of 1 character is invalid. {@link java.util.Base64} then decodes, but it ignores non-zero unused
 * bits in the last group ({@code "xyz="} decodes to two bytes on JDK 25). So the result is encoded
 * again and must give back the same text.</li>
 * <li>The filename is compared after keeping its last {@value UploadBodyReader#MAX_FILENAME_CHARS}
 * UTF-16 characters, minus a leading low surrogate cut from its pair. This is the reader's
 * documented bound on what it keeps in memory.</li>
 * </ol>
 * The generated numbers stay shorter than Jackson's limit of 1000 characters, which the reader
 * does not have.
 *
 * <p>
 * Every run uses a new seed unless {@code -Ddossier.differential.seed=N} fixes it; the seed is in
 * every failure message. {@code -Ddossier.differential.cases=N} sets the number of cases (default
 * 800). Failing cases are not shrunk: the message lists the choices and mutation behind the body.
 */
class UploadBodyReaderDifferentialTest {

	private static final long RUN_SEED = Long.getLong("dossier.differential.seed", new Random().nextLong());

	private static final int CASES = Integer.getInteger("dossier.differential.cases", 800);

	private static final int LARGE_EVERY = 80;

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final AtomicInteger acceptedCases = new AtomicInteger();

	private static final AtomicInteger rejectedCases = new AtomicInteger();

	static Stream<Arguments> cases() {
		Random run = new Random(RUN_SEED);
		long[] seeds = run.longs(CASES).toArray();
		return IntStream.range(0, CASES).mapToObj(i -> Arguments.of(i, seeds[i]));
	}

	@ParameterizedTest(name = "case {0}, seed {1}")
	@MethodSource("cases")
	void readerAgreesWithJackson(int index, long seed) throws IOException {
		GeneratedBody body = new UploadBodyGenerator(seed).generate(index % LARGE_EVERY == LARGE_EVERY / 2);
		Random chunkSizes = new Random(seed);

		Outcome whole = readWithReader(new ByteArrayInputStream(body.json()), body);
		Outcome chunked = readWithReader(new ChunkedInputStream(body.json(), () -> 1 + chunkSizes.nextInt(7)), body);
		Outcome reference = readWithReference(body.json(), body.maxBodyBytes(), body.maxFileBytes());

		String context = context(index, seed, body, whole, chunked, reference);
		assertThat(verdict(chunked)).as("reader in small reads vs. in one go%s", context).isEqualTo(verdict(whole));
		if (whole instanceof Rejected wholeRejection && body.json().length <= body.maxBodyBytes()) {
			assertThat(((Rejected) chunked).reason()).as("rejection reason in small reads%s", context)
				.isEqualTo(wholeRejection.reason());
		}
		assertThat(verdict(whole)).as("reader vs. Jackson reference%s", context).isEqualTo(verdict(reference));
		checkExpectation(body, reference, context);

		if (reference instanceof Accepted) {
			acceptedCases.incrementAndGet();
		}
		else {
			rejectedCases.incrementAndGet();
		}
	}

	/** Fails when the generator produced almost only one kind of body, which would test little. */
	@AfterAll
	static void bothOutcomesOccurred() {
		int total = acceptedCases.get() + rejectedCases.get();
		if (total >= 100) {
			assertThat(acceptedCases.get()).as("accepted cases of %d, run seed %d", total, RUN_SEED)
				.isGreaterThan(total / 4);
			assertThat(rejectedCases.get()).as("rejected cases of %d, run seed %d", total, RUN_SEED)
				.isGreaterThan(total / 10);
		}
	}

	private static void checkExpectation(GeneratedBody body, Outcome reference, String context) {
		if (body.expectation() == Expectation.ACCEPT) {
			Accepted expected = new Accepted(body.file(), keptFilename(body.filename()), body.declaredType());
			assertThat(verdict(reference)).as("reference vs. the contract%s", context).isEqualTo(verdict(expected));
		}
		else if (body.expectation() == Expectation.REJECT) {
			assertThat(reference).as("reference vs. the contract%s", context).isInstanceOf(Rejected.class);
		}
	}

	// ---- the implementations ------------------------------------------------------------------

	private sealed interface Outcome permits Accepted, Rejected {
	}

	private record Accepted(byte[] bytes, String filename, String declaredType) implements Outcome {
	}

	private record Rejected(String reason) implements Outcome {
	}

	private static Outcome readWithReader(InputStream in, GeneratedBody body) throws IOException {
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		try {
			UploadBody result = new UploadBodyReader(in, sink, body.maxBodyBytes(), body.maxFileBytes()).read();
			assertThat(result.decodedSize()).isEqualTo(sink.size());
			assertThat(result.bodySize()).isEqualTo(body.json().length);
			return new Accepted(sink.toByteArray(), result.filename(), result.declaredType());
		}
		catch (UploadBodyException ex) {
			return new Rejected(ex.reason() + " " + ex.field() + ": " + ex.getMessage());
		}
	}

	private static Outcome readWithReference(byte[] body, long maxBodyBytes, long maxFileBytes) {
		if (body.length > maxBodyBytes) {
			return new Rejected("body larger than the limit");
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return new Rejected("invalid UTF-8");
		}
		if (text.startsWith("\ufeff")) {
			text = text.substring(1);
		}

		JsonNode root;
		TopLevelScan scan;
		try {
			root = MAPPER.readTree(text);
			scan = scanTopLevel(text);
		}
		catch (JacksonException ex) {
			return new Rejected("Jackson: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			return new Rejected("not a JSON object");
		}
		if (scan.contentCount() > 1 || scan.filenameCount() > 1) {
			return new Rejected("repeated field");
		}
		if (scan.maxDepth() > UploadBodyReader.MAX_DEPTH) {
			return new Rejected("nested " + scan.maxDepth() + " levels deep");
		}

		JsonNode content = root.get(UploadBodyReader.CONTENT_FIELD);
		JsonNode filename = root.get(UploadBodyReader.FILENAME_FIELD);
		if (content == null || !content.isString() || filename == null || !filename.isString()) {
			return new Rejected("a field is missing or no string");
		}
		if (filename.stringValue().isEmpty()) {
			return new Rejected("empty filename");
		}
		Outcome decoded = decodeContent(content.stringValue());
		if (decoded instanceof Accepted file) {
			if (file.bytes().length == 0) {
				return new Rejected("empty file");
			}
			if (file.bytes().length > maxFileBytes) {
				return new Rejected("file larger than the limit");
			}
			return new Accepted(file.bytes(), keptFilename(filename.stringValue()), file.declaredType());
		}
		return decoded;
	}

	/**
	 * Top-level facts a tree loses.
	 * @param maxDepth deepest nesting of arrays and objects inside any field value
	 */
	private record TopLevelScan(int contentCount, int filenameCount, int maxDepth) {
	}

	private static TopLevelScan scanTopLevel(String text) {
		int contentCount = 0;
		int filenameCount = 0;
		int depth = 0;
		int maxDepth = 0;
		try (JsonParser parser = MAPPER.createParser(text)) {
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
					depth++;
					maxDepth = Math.max(maxDepth, depth - 1);
				}
				else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
					depth--;
				}
				else if (token == JsonToken.PROPERTY_NAME && depth == 1) {
					contentCount += UploadBodyReader.CONTENT_FIELD.equals(parser.currentName()) ? 1 : 0;
					filenameCount += UploadBodyReader.FILENAME_FIELD.equals(parser.currentName()) ? 1 : 0;
				}
			}
		}
		return new TopLevelScan(contentCount, filenameCount, maxDepth);
	}

	/** Applies the data-URL and base64 rules to the content string; the filename stays null. */
	private static Outcome decodeContent(String content) {
		String declaredType = null;
		String data = content;
		if (content.regionMatches(true, 0, "data:", 0, 5)) {
			int comma = content.indexOf(',');
			if (comma < 0 || comma + 1 > UploadBodyReader.MAX_DATA_URL_PREFIX) {
				return new Rejected("data URL without a comma in reach");
			}
			String[] parameters = content.substring(5, comma).split(";", -1);
			boolean base64 = false;
			for (String parameter : parameters) {
				base64 |= parameter.trim().equalsIgnoreCase("base64");
			}
			if (!base64) {
				return new Rejected("data URL without base64");
			}
			declaredType = parameters[0].isBlank() ? null : parameters[0].trim();
			data = content.substring(comma + 1);
		}

		StringBuilder normalized = new StringBuilder(data.length());
		for (int i = 0; i < data.length(); i++) {
			char c = data.charAt(i);
			switch (c) {
				case ' ', '\r', '\n' -> {
				}
				case '-' -> normalized.append('+');
				case '_' -> normalized.append('/');
				default -> normalized.append(c);
			}
		}
		int padding = 0;
		while (padding < normalized.length() && normalized.charAt(normalized.length() - 1 - padding) == '=') {
			padding++;
		}
		String digits = normalized.substring(0, normalized.length() - padding);
		if (!digits.chars().allMatch(UploadBodyReaderDifferentialTest::isBase64Digit)) {
			return new Rejected("character outside the alphabet or padding inside");
		}
		int lastGroup = digits.length() % 4;
		if (lastGroup == 1 || (padding > 0 && (lastGroup == 0 || padding != 4 - lastGroup))) {
			return new Rejected("wrong length or padding");
		}
		String canonical = digits + "=".repeat((4 - lastGroup) % 4);
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(canonical);
		}
		catch (IllegalArgumentException ex) {
			return new Rejected("java.util.Base64: " + ex.getMessage());
		}
		if (!Base64.getEncoder().encodeToString(bytes).equals(canonical)) {
			return new Rejected("non-zero unused bits");
		}
		return new Accepted(bytes, null, declaredType);
	}

	private static boolean isBase64Digit(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
	}

	private static String keptFilename(String filename) {
		int max = UploadBodyReader.MAX_FILENAME_CHARS;
		if (filename.length() <= max) {
			return filename;
		}
		String kept = filename.substring(filename.length() - max);
		return Character.isLowSurrogate(kept.charAt(0)) ? kept.substring(1) : kept;
	}

	// ---- failure messages ---------------------------------------------------------------------

	/** Summarizes an outcome so that outcomes are equal exactly when their summaries are. */
	private static String verdict(Outcome outcome) {
		return switch (outcome) {
			case Rejected rejected -> "rejected";
			case Accepted accepted -> "accepted " + accepted.bytes().length + " bytes, SHA-256 "
					+ sha256(accepted.bytes()) + ", filename " + summary(accepted.filename()) + ", declared type "
					+ accepted.declaredType();
		};
	}

	/** Returns a filename short enough to read in a failure message, still unique in practice. */
	private static String summary(String filename) {
		if (filename.length() <= 80) {
			return "\"" + UploadBodyGenerator.printable(filename) + "\"";
		}
		return "of " + filename.length() + " characters \""
				+ UploadBodyGenerator.printable(filename.substring(0, 30)) + "..."
				+ UploadBodyGenerator.printable(filename.substring(filename.length() - 30)) + "\" with SHA-256 "
				+ sha256(utf16Units(filename));
	}

	/** Returns the UTF-16 units of a string as bytes, lone surrogates included, unlike an encoder. */
	private static byte[] utf16Units(String text) {
		ByteBuffer units = ByteBuffer.allocate(2 * text.length());
		units.asCharBuffer().put(text);
		return units.array();
	}

	private static String context(int index, long seed, GeneratedBody body, Outcome whole, Outcome chunked,
			Outcome reference) {
		String json = new String(body.json(), 0, Math.min(body.json().length, 1600), StandardCharsets.UTF_8);
		String start = UploadBodyGenerator.printable(json.substring(0, Math.min(json.length(), 400)));
		return String.format(
				"%n  case %d, seed %d, run seed %d (-Ddossier.differential.seed=%d)%n  body: %s%n  expectation: %s"
						+ "%n  reader: %s%n  reader in small reads: %s%n  reference: %s%n  body starts: %s",
				index, seed, RUN_SEED, RUN_SEED, body.description(), body.expectation(), explain(whole),
				explain(chunked), explain(reference), start);
	}

	private static String explain(Outcome outcome) {
		return (outcome instanceof Rejected rejected) ? "rejected, " + rejected.reason() : verdict(outcome);
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}

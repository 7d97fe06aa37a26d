package dev.dossier.upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import dev.dossier.upload.UploadBodyException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UploadBodyReaderTest {

	private static final long NO_LIMIT = Long.MAX_VALUE;

	/** "Hello, Dossier!" is 15 bytes, so its base64 needs no padding. */
	private static final byte[] HELLO = "Hello, Dossier!".getBytes(StandardCharsets.US_ASCII);

	private static final String HELLO_BASE64 = "SGVsbG8sIERvc3NpZXIh";

	/** Bytes whose standard base64 is "+/+/" and whose URL-safe base64 is "-_-_". */
	private static final byte[] HIGH_BITS = { (byte) 0xFB, (byte) 0xFF, (byte) 0xBF };

	// ---- accepted forms ---------------------------------------------------------------------

	@Test
	void decodesPlainBase64() throws IOException {
		Upload upload = read(body(HELLO_BASE64, "cv.pdf"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().filename()).isEqualTo("cv.pdf");
		assertThat(upload.body().declaredType()).isNull();
		assertThat(upload.body().decodedSize()).isEqualTo(HELLO.length);
	}

	@Test
	void reportsBodySize() throws IOException {
		String json = body(HELLO_BASE64, "cv.pdf");

		Upload upload = read(json);

		assertThat(upload.body().bodySize()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void acceptsDataUrlPrefix() throws IOException {
		Upload upload = read(body("data:image/png;base64," + HELLO_BASE64, "me.png"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().declaredType()).isEqualTo("image/png");
	}

	@Test
	void acceptsConverterDataUrlPrefix() throws IOException {
		Upload upload = read(body("data:@file/x-icon;base64," + HELLO_BASE64, "favicon.ico"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().declaredType()).isEqualTo("@file/x-icon");
	}

	@Test
	void acceptsDataUrlWithoutType() throws IOException {
		Upload upload = read(body("data:;base64," + HELLO_BASE64, "cv.pdf"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().declaredType()).isNull();
	}

	@Test
	void acceptsDataUrlWithParameters() throws IOException {
		Upload upload = read(body("data:text/plain;charset=utf-8;base64," + HELLO_BASE64, "cv.txt"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().declaredType()).isEqualTo("text/plain");
	}

	@Test
	void acceptsUppercaseDataUrlPrefix() throws IOException {
		Upload upload = read(body("DATA:IMAGE/JPEG;BASE64," + HELLO_BASE64, "me.jpg"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().declaredType()).isEqualTo("IMAGE/JPEG");
	}

	@Test
	void acceptsEscapedDataUrlPrefix() throws IOException {
		Upload upload = read(body("d\\u0061ta:image\\/png;base64," + HELLO_BASE64, "me.png"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().declaredType()).isEqualTo("image/png");
	}

	@Test
	void acceptsNonAsciiDataUrlType() throws IOException {
		Upload raw = read(body("data:image/caf\u00e9;base64," + HELLO_BASE64, "me.png"));
		Upload escaped = read(body("data:image/caf\\u00e9;base64," + HELLO_BASE64, "me.png"));

		assertThat(raw.bytes()).isEqualTo(HELLO);
		assertThat(raw.body().declaredType()).isEqualTo("image/caf\u00e9");
		assertThat(escaped.body().declaredType()).isEqualTo("image/caf\u00e9");
	}

	@Test
	void acceptsStandardAlphabet() throws IOException {
		Upload upload = read(body("+/+/", "x.bin"));

		assertThat(upload.bytes()).isEqualTo(HIGH_BITS);
	}

	@Test
	void acceptsUrlSafeAlphabet() throws IOException {
		Upload upload = read(body("-_-_", "x.bin"));

		assertThat(upload.bytes()).isEqualTo(HIGH_BITS);
	}

	@Test
	void acceptsMixedAlphabets() throws IOException {
		Upload upload = read(body("+_-/", "x.bin"));

		assertThat(upload.bytes()).isEqualTo(HIGH_BITS);
	}

	@Test
	void acceptsEscapedCrlfWrapping() throws IOException {
		byte[] file = randomBytes(1000, 1);
		String wrapped = Base64.getMimeEncoder().encodeToString(file).replace("\r\n", "\\r\\n");

		Upload upload = read(body(wrapped + "\\r\\n", "cv.pdf"));

		assertThat(upload.bytes()).isEqualTo(file);
	}

	@Test
	void acceptsEscapedLfWrapping() throws IOException {
		byte[] file = randomBytes(1000, 2);
		String wrapped = Base64.getMimeEncoder().encodeToString(file).replace("\r\n", "\\n");

		Upload upload = read(body(wrapped + "\\n", "cv.pdf"));

		assertThat(upload.bytes()).isEqualTo(file);
	}

	@Test
	void acceptsRawLineBreaks() throws IOException {
		byte[] file = randomBytes(1000, 3);
		String wrapped = Base64.getMimeEncoder().encodeToString(file).replace("\r\n", "\n");

		Upload crlf = read(body(Base64.getMimeEncoder().encodeToString(file) + "\r\n", "cv.pdf"));
		Upload lf = read(body(wrapped + "\n", "cv.pdf"));

		assertThat(crlf.bytes()).isEqualTo(file);
		assertThat(lf.bytes()).isEqualTo(file);
	}

	@Test
	void acceptsSpacesBetweenCharacters() throws IOException {
		Upload upload = read(body(" SGVs bG8s IERv c3Np ZXIh ", "cv.pdf"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void acceptsMissingPadding() throws IOException {
		Upload twoMissing = read(body("SA", "h.txt"));
		Upload oneMissing = read(body("SGk", "hi.txt"));

		assertThat(twoMissing.bytes()).isEqualTo("H".getBytes(StandardCharsets.US_ASCII));
		assertThat(oneMissing.bytes()).isEqualTo("Hi".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void acceptsCompletePadding() throws IOException {
		Upload twoPadded = read(body("SA==", "h.txt"));
		Upload onePadded = read(body("SGk=", "hi.txt"));

		assertThat(twoPadded.bytes()).isEqualTo("H".getBytes(StandardCharsets.US_ASCII));
		assertThat(onePadded.bytes()).isEqualTo("Hi".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void acceptsLineBreakBetweenPadding() throws IOException {
		Upload upload = read(body("SA=\\r\\n= ", "h.txt"));

		assertThat(upload.bytes()).isEqualTo("H".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void acceptsEscapedSlash() throws IOException {
		Upload upload = read(body("+\\/+\\/", "x.bin"));

		assertThat(upload.bytes()).isEqualTo(HIGH_BITS);
	}

	@Test
	void acceptsUnicodeEscapedSlash() throws IOException {
		Upload upper = read(body("+\\u002F+\\u002F", "x.bin"));
		Upload lower = read(body("+\\u002f+\\u002f", "x.bin"));

		assertThat(upper.bytes()).isEqualTo(HIGH_BITS);
		assertThat(lower.bytes()).isEqualTo(HIGH_BITS);
	}

	@Test
	void acceptsUnicodeEscapedLetters() throws IOException {
		Upload upload = read(body("\\u0053GVsbG8sIERvc3NpZXI\\u0068", "cv.pdf"));

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void acceptsFieldsInAnyOrder() throws IOException {
		Upload upload = read("{\"upload_filename\": \"cv.pdf\", \"upload_content\": \"" + HELLO_BASE64 + "\"}");

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().filename()).isEqualTo("cv.pdf");
	}

	@Test
	void matchesEscapedFieldNames() throws IOException {
		Upload upload = read("{\"upload\\u005fcontent\": \"" + HELLO_BASE64 + "\", \"upload\\u005Ffilename\": \"cv.pdf\"}");

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().filename()).isEqualTo("cv.pdf");
	}

	@Test
	void skipsUnknownFieldsOfEveryType() throws IOException {
		String json = """
				{"user": {"id": 7, "tags": ["a", {"b": [true, false, null]}], "empty": {}, "none": []},
				 "upload_content": "%s",
				 "size": -12.5e+3, "zero": 0, "fraction": 0.25, "exponent": 1E-7, "big": 123456789012345678901234567890,
				 "note": "quote \\" backslash \\\\ slash \\/ tab \\t unicode \\u00e9 \\ud83d\\ude00 raw \u00e9",
				 "flag": true, "off": false, "nothing": null, "list": [1, [2, [3, []]], "x"],
				 "upload_filename": "cv.pdf", "": "empty name"}
				""".formatted(HELLO_BASE64);

		Upload upload = read(json);

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().filename()).isEqualTo("cv.pdf");
	}

	@Test
	void ignoresKnownNamesWhenNested() throws IOException {
		String json = "{\"meta\": {\"upload_content\": \"AAAA\", \"upload_filename\": \"other.pdf\"}, "
				+ "\"upload_content\": \"" + HELLO_BASE64 + "\", \"upload_filename\": \"cv.pdf\"}";

		Upload upload = read(json);

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().filename()).isEqualTo("cv.pdf");
	}

	@Test
	void acceptsRepeatedUnknownField() throws IOException {
		Upload upload = read("{\"note\": 1, \"upload_content\": \"" + HELLO_BASE64
				+ "\", \"note\": 2, \"upload_filename\": \"cv.pdf\"}");

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void acceptsWhitespaceBetweenTokens() throws IOException {
		String json = " \r\n\t{ \n\"upload_content\"\t:\r\n\"" + HELLO_BASE64 + "\" ,\n\t\"upload_filename\" : \"cv.pdf\"\r\n} \n";

		Upload upload = read(json);

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void toleratesRawControlCharacters() throws IOException {
		String json = "{\"upload_content\": \"" + HELLO_BASE64 + "\", \"note\": \"a\u0001b\u001fc\tend\", "
				+ "\"upload_filename\": \"my\tcv\u0007.pdf\"}";

		Upload upload = read(json);

		assertThat(upload.bytes()).isEqualTo(HELLO);
		assertThat(upload.body().filename()).isEqualTo("my\tcv\u0007.pdf");
	}

	@Test
	void skipsUtf8ByteOrderMark() throws IOException {
		byte[] json = concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
				body(HELLO_BASE64, "cv.pdf").getBytes(StandardCharsets.UTF_8));

		Upload upload = read(json, NO_LIMIT, NO_LIMIT);

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void decodesUtf8Filename() throws IOException {
		Upload upload = read(body(HELLO_BASE64, "r\u00e9sum\u00e9 \u5c65\u6b74\u66f8 \ud83d\ude00.pdf"));

		assertThat(upload.body().filename()).isEqualTo("r\u00e9sum\u00e9 \u5c65\u6b74\u66f8 \ud83d\ude00.pdf");
	}

	@Test
	void decodesSurrogatePairEscapes() throws IOException {
		Upload upload = read(body(HELLO_BASE64, "\\ud83d\\ude00 photo.png"));

		assertThat(upload.body().filename()).isEqualTo("\ud83d\ude00 photo.png");
		assertThat(upload.body().filename().codePointAt(0)).isEqualTo(0x1F600);
	}

	@Test
	void decodesEscapesInFilename() throws IOException {
		Upload upload = read(body(HELLO_BASE64, "a\\\"b\\\\c\\/d\\u00e9.pdf"));

		assertThat(upload.body().filename()).isEqualTo("a\"b\\c/d\u00e9.pdf");
	}

	@Test
	void keepsEndOfLongFilename() throws IOException {
		String name = "folder/".repeat(400) + "x".repeat(3000) + ".pdf";

		Upload upload = read(body(HELLO_BASE64, name));

		assertThat(upload.body().filename()).hasSize(UploadBodyReader.MAX_FILENAME_CHARS);
		assertThat(name).endsWith(upload.body().filename());
		assertThat(FileNames.clean(upload.body().filename(), "fallback")).endsWith(".pdf");
	}

	@Test
	void acceptsNestingAtDepthLimit() throws IOException {
		int depth = UploadBodyReader.MAX_DEPTH;
		String deep = "[".repeat(depth) + "1" + "]".repeat(depth);

		Upload upload = read("{\"deep\": " + deep + ", \"upload_content\": \"" + HELLO_BASE64
				+ "\", \"upload_filename\": \"cv.pdf\"}");

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void acceptsFileAtLimit() throws IOException {
		Upload upload = read(body(HELLO_BASE64, "cv.pdf").getBytes(StandardCharsets.UTF_8), NO_LIMIT, HELLO.length);

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void acceptsBodyAtLimit() throws IOException {
		byte[] json = body(HELLO_BASE64, "cv.pdf").getBytes(StandardCharsets.UTF_8);

		Upload upload = read(json, json.length, NO_LIMIT);

		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void decodesAcrossSmallReads() throws IOException {
		byte[] file = randomBytes(200_000, 4);
		String wrapped = Base64.getMimeEncoder().encodeToString(file).replace("/", "\\/").replace("\r\n", "\\r\\n");
		byte[] json = body("data:application/pdf;base64," + wrapped, "\\ud83d\\ude00 cv.pdf")
			.getBytes(StandardCharsets.UTF_8);
		Random sizes = new Random(5);
		ByteArrayOutputStream sink = new ByteArrayOutputStream();

		UploadBody result = new UploadBodyReader(new ChunkedInputStream(json, () -> 1 + sizes.nextInt(7)), sink,
				NO_LIMIT, NO_LIMIT)
			.read();

		assertThat(sink.toByteArray()).isEqualTo(file);
		assertThat(result.filename()).isEqualTo("\ud83d\ude00 cv.pdf");
		assertThat(result.declaredType()).isEqualTo("application/pdf");
	}

	@Test
	void writesFileBeforeBodyEnds() throws IOException {
		byte[] file = randomBytes(1024 * 1024, 6);
		byte[] json = body(Base64.getEncoder().encodeToString(file), "cv.pdf").getBytes(StandardCharsets.UTF_8);
		ChunkedInputStream in = new ChunkedInputStream(json, () -> 4096);
		FirstWriteRecorder sink = new FirstWriteRecorder(in);

		new UploadBodyReader(in, sink, NO_LIMIT, NO_LIMIT).read();

		assertThat(sink.bodyBytesReadAtFirstWrite).isPositive().isLessThan(64 * 1024);
	}

	// ---- rejected content -------------------------------------------------------------------

	@Test
	void rejectsTabInsideBase64() {
		UploadBodyException rejection = rejection(body("SGVs\tbG8s", "cv.pdf"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("U+0009").contains("Base64 uses only");
	}

	@Test
	void rejectsEscapedTabInsideBase64() {
		UploadBodyException rejection = rejection(body("SGVs\\tbG8s", "cv.pdf"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("U+0009").contains("Base64 uses only");
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", ".", "#", "%", "@", ":", ";", ",", "!", "~", "\\u0000", "\\f", "\\b", "\\u00e9" })
	void rejectsCharacterOutsideAlphabet(String character) {
		UploadBodyException rejection = rejection(body("SGVs" + character + "bG8s", "cv.pdf"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("after 4 characters").contains("Base64 uses only");
	}

	@Test
	void rejectsRawNonAsciiCharacter() {
		UploadBodyException rejection = rejection(body("SGVs\u00e9bG8s", "cv.pdf"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("non-ASCII").contains("Base64 uses only");
	}

	@Test
	void rejectsPaddingInTheMiddle() {
		UploadBodyException rejection = rejection(body("SA==SGk=", "h.txt"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("Padding may only end the base64 text");
	}

	@Test
	void rejectsPaddingAfterWholeGroup() {
		UploadBodyException rejection = rejection(body("SGVs=", "h.txt"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("Padding may only end the base64 text");
	}

	@Test
	void rejectsPaddingOnly() {
		UploadBodyException rejection = rejection(body("====", "h.txt"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("Padding may only end the base64 text");
	}

	@Test
	void rejectsTooMuchPadding() {
		UploadBodyException rejection = rejection(body("SGk==", "hi.txt"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("Padding may only end the base64 text");
	}

	@Test
	void rejectsTooLittlePadding() {
		UploadBodyException rejection = rejection(body("SA=", "h.txt"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("padding").contains("'=='");
	}

	@Test
	void rejectsFinalGroupOfOneCharacter() {
		UploadBodyException rejection = rejection(body(HELLO_BASE64 + "Q", "cv.pdf"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("21 characters").contains("Check that it was copied whole");
	}

	@Test
	void rejectsNonZeroUnusedBits() {
		UploadBodyException rejection = rejection(body("xyz", "cv.pdf"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("do not encode whole bytes").contains("Check that it was copied whole");
	}

	@Test
	void rejectsNonZeroUnusedBitsWithPadding() {
		UploadBodyException oneByte = rejection(body("SB==", "h.txt"));
		UploadBodyException twoBytes = rejection(body("SGl=", "hi.txt"));

		assertInvalidBase64(oneByte);
		assertInvalidBase64(twoBytes);
	}

	@Test
	void rejectsDataUrlWithoutBase64() {
		UploadBodyException rejection = rejection(body("data:text/plain,hello", "cv.txt"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("not base64-encoded").contains("data:image/png;base64,");
	}

	@Test
	void rejectsDataUrlWithoutComma() {
		UploadBodyException rejection = rejection(body("data:image/png;base64", "me.png"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("without a ','");
	}

	@Test
	void rejectsOverlongDataUrlPrefix() {
		String type = "x".repeat(UploadBodyReader.MAX_DATA_URL_PREFIX);

		UploadBodyException rejection = rejection(body("data:" + type + ";base64," + HELLO_BASE64, "cv.pdf"));

		assertInvalidBase64(rejection);
		assertThat(rejection.getMessage()).contains("no ','").contains("Send plain base64 or a data URL");
	}

	@Test
	void acceptsDataUrlPrefixAtLimit() throws IOException {
		String prefix = "data:" + "x".repeat(UploadBodyReader.MAX_DATA_URL_PREFIX - 13) + ";base64,";

		Upload upload = read(body(prefix + HELLO_BASE64, "cv.pdf"));

		assertThat(prefix).hasSize(UploadBodyReader.MAX_DATA_URL_PREFIX);
		assertThat(upload.bytes()).isEqualTo(HELLO);
	}

	@Test
	void rejectsDataUrlPrefixOverLimit() {
		String prefix = "data:" + "x".repeat(UploadBodyReader.MAX_DATA_URL_PREFIX - 12) + ";base64,";

		UploadBodyException rejection = rejection(body(prefix + HELLO_BASE64, "cv.pdf"));

		assertThat(prefix).hasSize(UploadBodyReader.MAX_DATA_URL_PREFIX + 1);
		assertInvalidBase64(rejection);
	}

	// ---- rejected fields --------------------------------------------------------------------

	@Test
	void rejectsDuplicateContent() {
		UploadBodyException rejection = rejection("{\"upload_content\": \"" + HELLO_BASE64
				+ "\", \"upload_filename\": \"cv.pdf\", \"upload_content\": \"" + HELLO_BASE64 + "\"}");

		assertThat(rejection.reason()).isEqualTo(Reason.INVALID_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
		assertThat(rejection.getMessage()).contains("appears twice").contains("Send it once");
	}

	@Test
	void rejectsDuplicateFilename() {
		UploadBodyException rejection = rejection("{\"upload_filename\": \"a.pdf\", \"upload_content\": \""
				+ HELLO_BASE64 + "\", \"upload_filename\": \"b.pdf\"}");

		assertThat(rejection.reason()).isEqualTo(Reason.INVALID_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.FILENAME_FIELD);
		assertThat(rejection.getMessage()).contains("appears twice").contains("Send it once");
	}

	@Test
	void rejectsMissingContent() {
		UploadBodyException rejection = rejection("{\"upload_filename\": \"cv.pdf\"}");

		assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
		assertThat(rejection.getMessage()).contains("missing").contains("Send the file as base64");
	}

	@Test
	void rejectsEmptyContent() {
		UploadBodyException rejection = rejection(body("", "cv.pdf"));

		assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
		assertThat(rejection.getMessage()).contains("empty").contains("Send the file as base64");
	}

	@Test
	void rejectsContentOfOnlyLineBreaks() {
		UploadBodyException rejection = rejection(body("\\r\\n \n", "cv.pdf"));

		assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
	}

	@Test
	void rejectsEmptyDataUrl() {
		UploadBodyException rejection = rejection(body("data:image/png;base64,", "me.png"));

		assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
	}

	@Test
	void rejectsMissingFilename() {
		UploadBodyException rejection = rejection("{\"upload_content\": \"" + HELLO_BASE64 + "\"}");

		assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.FILENAME_FIELD);
		assertThat(rejection.getMessage()).contains("missing").contains("Send the file's name");
	}

	@Test
	void rejectsEmptyFilename() {
		UploadBodyException rejection = rejection(body(HELLO_BASE64, ""));

		assertThat(rejection.reason()).isEqualTo(Reason.MISSING_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.FILENAME_FIELD);
		assertThat(rejection.getMessage()).contains("empty").contains("Send the file's name");
	}

	@Test
	void acceptsBlankFilename() throws IOException {
		Upload upload = read(body(HELLO_BASE64, " \\t\\n "));

		assertThat(upload.body().filename()).isEqualTo(" \t\n ");
	}

	@Test
	void acceptsLongFilenameEndingInSpaces() throws IOException {
		String name = "cv" + " ".repeat(3 * UploadBodyReader.MAX_FILENAME_CHARS);

		Upload upload = read(body(HELLO_BASE64, name));

		assertThat(upload.body().filename()).isBlank().hasSize(UploadBodyReader.MAX_FILENAME_CHARS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "null", "true", "{}", "[\"SGk=\"]" })
	void rejectsNonStringContent(String value) {
		UploadBodyException rejection = rejection("{\"upload_content\": " + value + ", \"upload_filename\": \"cv.pdf\"}");

		assertThat(rejection.reason()).isEqualTo(Reason.INVALID_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
		assertThat(rejection.getMessage()).contains("must be a string");
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "null", "false", "{}", "[\"cv.pdf\"]" })
	void rejectsNonStringFilename(String value) {
		UploadBodyException rejection = rejection(
				"{\"upload_content\": \"" + HELLO_BASE64 + "\", \"upload_filename\": " + value + "}");

		assertThat(rejection.reason()).isEqualTo(Reason.INVALID_FIELD);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.FILENAME_FIELD);
		assertThat(rejection.getMessage()).contains("must be a string");
	}

	// ---- rejected JSON ----------------------------------------------------------------------

	@Test
	void rejectsEmptyBody() {
		UploadBodyException rejection = rejection("");

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("empty").contains("upload_content");
	}

	@Test
	void rejectsWhitespaceOnlyBody() {
		UploadBodyException rejection = rejection(" \r\n ");

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("empty").contains("upload_content");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"SGk=\"", "42", "null", "true", "upload_content=SGk%3D" })
	void rejectsNonObjectBody(String json) {
		UploadBodyException rejection = rejection(json);

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("must be a JSON object").contains("upload_content");
	}

	@Test
	void rejectsUtf16Body() {
		byte[] json = body(HELLO_BASE64, "cv.pdf").getBytes(StandardCharsets.UTF_16);

		UploadBodyException rejection = catchThrowableOfType(UploadBodyException.class,
				() -> read(json, NO_LIMIT, NO_LIMIT));

		assertInvalidJson(rejection);
	}

	@Test
	void rejectsTrailingContent() {
		UploadBodyException rejection = rejection(body(HELLO_BASE64, "cv.pdf") + " x");

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("after the JSON object").contains("Send one JSON object");
	}

	@Test
	void rejectsSecondObject() {
		UploadBodyException rejection = rejection(body(HELLO_BASE64, "cv.pdf") + "{}");

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("after the JSON object");
	}

	@Test
	void rejectsNestingBeyondLimit() {
		int depth = UploadBodyReader.MAX_DEPTH + 1;
		String deep = "[".repeat(depth) + "]".repeat(depth);

		UploadBodyException rejection = rejection("{\"deep\": " + deep + ", \"upload_content\": \"" + HELLO_BASE64
				+ "\", \"upload_filename\": \"cv.pdf\"}");

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("deeper than 64 levels");
	}

	@Test
	void rejectsInvalidUtf8InFilename() {
		byte[] prefix = ("{\"upload_content\": \"" + HELLO_BASE64 + "\", \"upload_filename\": \"cv")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] suffix = ".pdf\"}".getBytes(StandardCharsets.US_ASCII);
		byte[][] invalidSequences = { { (byte) 0xC3, '(' }, { (byte) 0xC0, (byte) 0x80 }, { (byte) 0xED, (byte) 0xA0,
				(byte) 0x80 }, { (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xFF } };

		for (byte[] invalid : invalidSequences) {
			byte[] json = concat(concat(prefix, invalid), suffix);

			UploadBodyException rejection = catchThrowableOfType(UploadBodyException.class,
					() -> read(json, NO_LIMIT, NO_LIMIT));

			assertInvalidJson(rejection);
			assertThat(rejection.getMessage()).contains("not valid UTF-8").contains("Encode");
		}
	}

	@Test
	void rejectsTruncatedBody() {
		String json = body("data:image/png;base64," + HELLO_BASE64, "cv.pdf");

		for (int length = 0; length < json.length(); length++) {
			UploadBodyException rejection = rejection(json.substring(0, length));

			assertThat(rejection).as("body cut to %d characters", length).isNotNull();
			assertThat(rejection.reason()).as("body cut to %d characters", length).isEqualTo(Reason.INVALID_JSON);
		}
	}

	@Test
	void rejectsBodyEndingInsideContent() {
		UploadBodyException rejection = rejection("{\"upload_content\": \"" + HELLO_BASE64);

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("ended inside upload_content").contains("Send the complete body");
	}

	@ParameterizedTest
	@ValueSource(strings = { "01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "1.5.5", "NaN", "Infinity", "tru",
			"nul", "True", "[1,]", "[1 2]", "[", "{\"a\" 1}", "{\"a\": 1,}", "{a: 1}", "'a'", "\"\\x\"",
			"\"\\u12\"", "\"\\u12G4\"", "\"open" })
	void rejectsMalformedUnknownValue(String value) {
		UploadBodyException rejection = rejection("{\"note\": " + value + ", \"upload_content\": \"" + HELLO_BASE64
				+ "\", \"upload_filename\": \"cv.pdf\"}");

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{,\"upload_content\": \"SGk=\", \"upload_filename\": \"cv.pdf\"}",
			"{\"upload_content\": \"SGk=\", \"upload_filename\": \"cv.pdf\",}",
			"{\"upload_content\" \"SGk=\", \"upload_filename\": \"cv.pdf\"}",
			"{\"upload_content\": \"SGk=\" \"upload_filename\": \"cv.pdf\"}",
			"{upload_content: \"SGk=\", \"upload_filename\": \"cv.pdf\"}",
			"{'upload_content': 'SGk=', 'upload_filename': 'cv.pdf'}",
			"{\"upload_content\": \"SGk=\",\u000b\"upload_filename\": \"cv.pdf\"}",
			"{\"upload_content\": \"SGk=\"; \"upload_filename\": \"cv.pdf\"}" })
	void rejectsMalformedObject(String json) {
		UploadBodyException rejection = rejection(json);

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).startsWith("Expected");
	}

	@Test
	void rejectsInvalidEscapeInContent() {
		UploadBodyException rejection = rejection(body("SGVs\\xbG8s", "cv.pdf"));

		assertInvalidJson(rejection);
		assertThat(rejection.getMessage()).contains("\\x").contains("Valid escapes");
	}

	// ---- limits -----------------------------------------------------------------------------

	@Test
	void rejectsFileOverLimit() {
		byte[] json = body(HELLO_BASE64, "cv.pdf").getBytes(StandardCharsets.UTF_8);

		UploadBodyException rejection = catchThrowableOfType(UploadBodyException.class,
				() -> read(json, NO_LIMIT, HELLO.length - 1));

		assertThat(rejection.reason()).isEqualTo(Reason.FILE_TOO_LARGE);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
		assertThat(rejection.getMessage()).contains("14 bytes").contains("Send a smaller file");
	}

	@Test
	void stopsReadingAtFileLimit() {
		byte[] file = randomBytes(4 * 1024 * 1024, 7);
		byte[] json = body(Base64.getEncoder().encodeToString(file), "cv.pdf").getBytes(StandardCharsets.UTF_8);
		ChunkedInputStream in = new ChunkedInputStream(json, () -> Integer.MAX_VALUE);
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		long maxFileBytes = 100_000;

		UploadBodyException rejection = catchThrowableOfType(UploadBodyException.class,
				() -> new UploadBodyReader(in, sink, NO_LIMIT, maxFileBytes).read());

		assertThat(rejection.reason()).isEqualTo(Reason.FILE_TOO_LARGE);
		assertThat(sink.size()).isLessThanOrEqualTo((int) maxFileBytes);
		assertThat(in.bytesRead()).isLessThan(200_000);
	}

	@Test
	void rejectsBodyOverLimit() {
		byte[] json = body(HELLO_BASE64, "cv.pdf").getBytes(StandardCharsets.UTF_8);

		UploadBodyException rejection = catchThrowableOfType(UploadBodyException.class,
				() -> read(json, json.length - 1, NO_LIMIT));

		assertThat(rejection.reason()).isEqualTo(Reason.BODY_TOO_LARGE);
		assertThat(rejection.field()).isNull();
		assertThat(rejection.getMessage()).contains((json.length - 1) + " bytes").contains("Send a smaller file");
	}

	@Test
	void rejectsTrailingSpaceOverBodyLimit() {
		byte[] json = (body(HELLO_BASE64, "cv.pdf") + " ").getBytes(StandardCharsets.UTF_8);

		UploadBodyException rejection = catchThrowableOfType(UploadBodyException.class,
				() -> read(json, json.length - 1, NO_LIMIT));

		assertThat(rejection.reason()).isEqualTo(Reason.BODY_TOO_LARGE);
	}

	@Test
	void stopsReadingAtBodyLimit() {
		byte[] json = body(Base64.getEncoder().encodeToString(randomBytes(4 * 1024 * 1024, 8)), "cv.pdf")
			.getBytes(StandardCharsets.UTF_8);
		ChunkedInputStream in = new ChunkedInputStream(json, () -> 1000);
		long maxBodyBytes = 100_000;

		UploadBodyException rejection = catchThrowableOfType(UploadBodyException.class,
				() -> new UploadBodyReader(in, OutputStream.nullOutputStream(), maxBodyBytes, NO_LIMIT).read());

		assertThat(rejection.reason()).isEqualTo(Reason.BODY_TOO_LARGE);
		assertThat(in.bytesRead()).isLessThanOrEqualTo((int) maxBodyBytes + 1000);
	}

	// ---- helpers ----------------------------------------------------------------------------

	/** Builds a body from the JSON text (escapes written out) of both string fields. */
	private static String body(String contentJson, String filenameJson) {
		return "{\"upload_content\": \"" + contentJson + "\", \"upload_filename\": \"" + filenameJson + "\"}";
	}

	private static Upload read(String json) throws IOException {
		return read(json.getBytes(StandardCharsets.UTF_8), NO_LIMIT, NO_LIMIT);
	}

	private static Upload read(byte[] json, long maxBodyBytes, long maxFileBytes) throws IOException {
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		UploadBody body = new UploadBodyReader(new ByteArrayInputStream(json), sink, maxBodyBytes, maxFileBytes).read();
		return new Upload(body, sink.toByteArray());
	}

	private static UploadBodyException rejection(String json) {
		return catchThrowableOfType(UploadBodyException.class, () -> read(json));
	}

	private static void assertInvalidBase64(UploadBodyException rejection) {
		assertThat(rejection).isNotNull();
		assertThat(rejection.reason()).isEqualTo(Reason.INVALID_BASE64);
		assertThat(rejection.field()).isEqualTo(UploadBodyReader.CONTENT_FIELD);
	}

	private static void assertInvalidJson(UploadBodyException rejection) {
		assertThat(rejection).isNotNull();
		assertThat(rejection.reason()).isEqualTo(Reason.INVALID_JSON);
		assertThat(rejection.field()).isNull();
	}

	private static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] joined = new byte[first.length + second.length];
		System.arraycopy(first, 0, joined, 0, first.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		return joined;
	}

	private record Upload(UploadBody body, byte[] bytes) {
	}

	/** Records how much of the body had been read when the reader first wrote file bytes. */
	private static final class FirstWriteRecorder extends OutputStream {

		private final ChunkedInputStream in;

		private int bodyBytesReadAtFirstWrite = -1;

		FirstWriteRecorder(ChunkedInputStream in) {
			this.in = in;
		}

		@Override
		public void write(int b) {
			record();
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			record();
		}

		private void record() {
			if (this.bodyBytesReadAtFirstWrite < 0) {
				this.bodyBytesReadAtFirstWrite = this.in.bytesRead();
			}
		}

	}

}

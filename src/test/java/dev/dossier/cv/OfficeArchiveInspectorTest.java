package dev.dossier.cv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OfficeArchiveInspectorTest {

	private static final ArchiveLimits LIMITS = new ArchiveLimits(50, 20 * 1024 * 1024, 100);

	@TempDir
	Path dir;

	@Test
	void readsDocxPagesAndText() throws Exception {
		CvText text = inspect(DocumentFormat.DOCX, CvFixtures.docx("Jane Example, Straße 1, Développeuse"));

		assertThat(text.pages()).isEqualTo(3);
		assertThat(text.text()).contains("Jane Example, Straße 1, Développeuse");
		assertThat(text.truncated()).isFalse();
	}

	@Test
	void leavesDocxPagesEmptyWithoutAppProperties() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		parts.remove("docProps/app.xml");

		assertThat(inspect(DocumentFormat.DOCX, CvFixtures.zip(parts)).pages()).isNull();
	}

	@Test
	void readsOdtPagesAndText() throws Exception {
		CvText text = inspect(DocumentFormat.ODT, CvFixtures.zip(CvFixtures.odtParts("Université Exemple")));

		assertThat(text.pages()).isEqualTo(2);
		assertThat(text.text()).contains("Université Exemple");
	}

	@Test
	void rejectsTruncatedDocx() throws Exception {
		byte[] docx = CvFixtures.docx("Jane Example");

		ApiException rejection = reject(DocumentFormat.DOCX, Arrays.copyOf(docx, docx.length / 2));

		assertThat(rejection.detail()).contains("damaged or incomplete").contains("ZIP structure");
	}

	@Test
	void rejectsHighlyCompressedEntry() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		parts.put("word/document.xml", CvFixtures.utf8(CvFixtures.docxBody("A".repeat(8 * 1024 * 1024))));

		ApiException rejection = reject(DocumentFormat.DOCX, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("word/document.xml").contains("expands more than 100 times");
	}

	@Test
	void rejectsArchiveLargerThanLimitOnceUnpacked() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		for (int i = 0; i < 25; i++) {
			parts.put("word/media/noise" + i + ".bin", noise(1024 * 1024, i));
		}

		ApiException rejection = reject(DocumentFormat.DOCX, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("expands to more than 20 MiB when unpacked");
	}

	@Test
	void rejectsTooManyEntries() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		for (int i = 0; i < 60; i++) {
			parts.put("word/media/image" + i + ".png", new byte[] { (byte) i });
		}

		ApiException rejection = reject(DocumentFormat.DOCX, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("contains 64 files").contains("at most 50");
	}

	@Test
	void rejectsDocumentTypeDeclaration() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("&lol2;");
		String body = new String(parts.get("word/document.xml"), StandardCharsets.UTF_8);
		String laughs = """
				<!DOCTYPE w:document [
				  <!ENTITY lol "lol">
				  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
				]>""";
		parts.put("word/document.xml", CvFixtures.utf8(body.replaceFirst("\\?>\n", "?>\n" + laughs + "\n")));

		ApiException rejection = reject(DocumentFormat.DOCX, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("document type declaration").contains("word/document.xml");
	}

	@Test
	void rejectsDocumentTypeDeclarationInUtf16Part() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		String settings = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE settings SYSTEM "
				+ "\"http://127.0.0.1:9/settings.dtd\">\n<settings/>";
		parts.put("word/settings.xml", settings.getBytes(StandardCharsets.UTF_16LE));

		ApiException rejection = reject(DocumentFormat.DOCX, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("document type declaration").contains("word/settings.xml");
	}

	@Test
	void rejectsMalformedXmlPart() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		parts.put("word/styles.xml", CvFixtures.utf8("<?xml version=\"1.0\"?><w:styles <<"));

		ApiException rejection = reject(DocumentFormat.DOCX, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("word/styles.xml is not well-formed XML");
	}

	@Test
	void rejectsDocxCarryingVbaProject() throws Exception {
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		parts.put("word/vbaProject.bin", new byte[512]);

		ApiException rejection = reject(DocumentFormat.DOCX, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("contains macros (word/vbaProject.bin)")
			.contains("although its type says it has none");
	}

	@Test
	void rejectsOdtWithBasicModule() throws Exception {
		Map<String, byte[]> parts = CvFixtures.odtParts("Jane Example");
		parts.put("Basic/script-lc.xml", CvFixtures.utf8("<?xml version=\"1.0\"?><library/>"));
		parts.put("Basic/Standard/Module1.xml", CvFixtures.utf8("<?xml version=\"1.0\"?><module/>"));

		ApiException rejection = reject(DocumentFormat.ODT, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("contains macros (Basic/Standard/Module1.xml)");
	}

	@Test
	void acceptsOdtWithEmptyBasicLibraryIndex() throws Exception {
		Map<String, byte[]> parts = CvFixtures.odtParts("Jane Example");
		parts.put("Basic/script-lc.xml", CvFixtures.utf8("<?xml version=\"1.0\"?><library/>"));

		assertThat(inspect(DocumentFormat.ODT, CvFixtures.zip(parts)).text()).contains("Jane Example");
	}

	@Test
	void rejectsEncryptedOdt() throws Exception {
		Map<String, byte[]> parts = CvFixtures.odtParts("Jane Example");
		parts.put("META-INF/manifest.xml", CvFixtures.utf8("""
				<?xml version="1.0" encoding="UTF-8"?>
				<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
				<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">
				<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/>
				</manifest:file-entry>
				</manifest:manifest>"""));
		parts.put("content.xml", noise(2048, 7));

		ApiException rejection = reject(DocumentFormat.ODT, CvFixtures.zip(parts));

		assertThat(rejection.detail()).contains("needs a password to open");
	}

	private CvText inspect(DocumentFormat format, byte[] document) throws Exception {
		Extraction extraction = new Extraction(1 << 20, Duration.ofSeconds(10));
		new OfficeArchiveInspector(format, LIMITS).inspect(write(document), extraction);
		return extraction.result();
	}

	private ApiException reject(DocumentFormat format, byte[] document) throws Exception {
		Path file = write(document);
		ApiException rejection = catchThrowableOfType(ApiException.class, () -> new OfficeArchiveInspector(format,
				LIMITS).inspect(file, new Extraction(1 << 20, Duration.ofSeconds(10))));
		assertThat(rejection).as("rejection").isNotNull();
		assertThat(rejection.problem()).isEqualTo(Problem.UNUSABLE_FILE);
		return rejection;
	}

	private Path write(byte[] document) throws Exception {
		return Files.write(Files.createTempFile(this.dir, "cv-", ".zip"), document);
	}

	/** Bytes that do not compress, so that they count fully against the unpacked size. */
	private static byte[] noise(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}

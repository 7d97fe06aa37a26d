package dev.dossier.cv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * CV documents made by the tests: PDFs written with PDFBox, DOCX and ODT files assembled from ZIP
 * entries and XML, so that each test states exactly what its document holds.
 */
public final class CvFixtures {

	static final String DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

	private CvFixtures() {
	}

	/** Writes a PDF with one line of text per page, "Page N of the CV of Jane Example". */
	public static byte[] pdf(int pages) {
		return pdf(pages, (document) -> {
		});
	}

	/** Writes a PDF like {@link #pdf(int)}, changed by {@code edit} before it is saved. */
	static byte[] pdf(int pages, PdfEdit edit) {
		try (PDDocument document = new PDDocument()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (int number = 1; number <= pages; number++) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 12);
					content.newLineAtOffset(72, 720);
					content.showText("Page " + number + " of the CV of Jane Example");
					content.endText();
				}
			}
			edit.apply(document);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Returns the parts of a minimal DOCX whose body is one paragraph of {@code text}. */
	static Map<String, byte[]> docxParts(String text) {
		Map<String, byte[]> parts = new LinkedHashMap<>();
		parts.put("[Content_Types].xml", utf8("""
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
				<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
				<Default Extension="xml" ContentType="application/xml"/>
				<Default Extension="png" ContentType="image/png"/>
				<Override PartName="/word/document.xml" \
				ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
				<Override PartName="/docProps/app.xml" \
				ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
				</Types>"""));
		parts.put("_rels/.rels", utf8("""
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
				<Relationship Id="rId1" Target="word/document.xml" \
				Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
				<Relationship Id="rId2" Target="docProps/app.xml" \
				Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"/>
				</Relationships>"""));
		parts.put("word/document.xml", utf8(docxBody(text)));
		parts.put("docProps/app.xml", utf8("""
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
				<Application>Dossier tests</Application><Pages>3</Pages></Properties>"""));
		return parts;
	}

	static String docxBody(String text) {
		return """
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
				<w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>""".formatted(text);
	}

	/** Builds a minimal DOCX of one paragraph whose app.xml records 3 pages. */
	public static byte[] docx(String text) {
		return zip(docxParts(text));
	}

	/**
	 * Returns the parts of a minimal ODT whose body is one paragraph of {@code text} and whose
	 * meta.xml records 2 pages.
	 */
	static Map<String, byte[]> odtParts(String text) {
		Map<String, byte[]> parts = new LinkedHashMap<>();
		parts.put("mimetype", utf8("application/vnd.oasis.opendocument.text"));
		parts.put("META-INF/manifest.xml", utf8("""
				<?xml version="1.0" encoding="UTF-8"?>
				<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
				manifest:version="1.2">
				<manifest:file-entry manifest:full-path="/" \
				manifest:media-type="application/vnd.oasis.opendocument.text"/>
				<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
				<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
				</manifest:manifest>"""));
		parts.put("content.xml", utf8("""
				<?xml version="1.0" encoding="UTF-8"?>
				<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
				xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">\
				<office:body><office:text><text:p>%s</text:p></office:text></office:body>\
				</office:document-content>""".formatted(text)));
		parts.put("meta.xml", utf8("""
				<?xml version="1.0" encoding="UTF-8"?>
				<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
				xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2">\
				<office:meta><meta:document-statistic meta:page-count="2" meta:word-count="4"/></office:meta>\
				</office:document-meta>"""));
		return parts;
	}

	/**
	 * Builds a ZIP archive of the given entries in order, deflated at the highest level. An entry
	 * named {@code mimetype} is stored uncompressed, as the ODF format requires.
	 */
	static byte[] zip(Map<String, byte[]> entries) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.setLevel(Deflater.BEST_COMPRESSION);
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				ZipEntry zipEntry = new ZipEntry(entry.getKey());
				if (entry.getKey().equals("mimetype")) {
					CRC32 crc = new CRC32();
					crc.update(entry.getValue());
					zipEntry.setMethod(ZipEntry.STORED);
					zipEntry.setSize(entry.getValue().length);
					zipEntry.setCrc(crc.getValue());
				}
				zip.putNextEntry(zipEntry);
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A change made to a generated PDF before it is saved. */
	@FunctionalInterface
	interface PdfEdit {

		void apply(PDDocument document) throws IOException;

	}

}

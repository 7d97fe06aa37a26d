package dev.dossier.cv;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Large sample CVs for the benchmarks and the memory check, generated from fixed seeds so that
 * every run measures the same content (PDFBox still writes a new document ID into each PDF). Run
 * {@link #main} to write them to a folder.
 */
public final class CvSamples {

	private static final String[] WORDS = { "Jane", "Example", "software", "engineer", "Lyon", "Java", "Spring",
			"PostgreSQL", "delivered", "team", "of", "five", "payments", "migrated", "the", "service", "to",
			"Kubernetes", "reduced", "latency", "by", "40%", "mentored", "juniors", "Développeuse", "Straße" };

	private CvSamples() {
	}

	/** Writes the benchmark samples to the folder named by the first argument. */
	public static void main(String[] args) throws IOException {
		Path folder = Files.createDirectories(Path.of(args[0]));
		Files.write(folder.resolve("cv-10mib.pdf"), pdfWithPhotos(10 * 1024 * 1024));
		Files.write(folder.resolve("cv-1mib.docx"), docx(1024 * 1024));
		Files.write(folder.resolve("cv-100-pages.pdf"), textPdf(100));
	}

	/**
	 * Builds a PDF of text pages, each with an incompressible 256 x 256 picture, as many pages as
	 * fit in {@code maximumSize} bytes at about 200 KiB a page.
	 */
	static byte[] pdfWithPhotos(int maximumSize) {
		Random random = new Random(1);
		int pages = maximumSize / (256 * 256 * 3 + 4096);
		return pdf(pages, random, (document, content) -> {
			PDImageXObject photo = LosslessFactory.createFromImage(document, noise(random));
			content.drawImage(photo, 300, 400, 256, 256);
		});
	}

	/** Builds a PDF of {@code pages} pages of 45 lines of text each. */
	static byte[] textPdf(int pages) {
		return pdf(pages, new Random(2), (document, content) -> {
		});
	}

	/**
	 * Builds a DOCX of about {@code size} bytes: paragraphs of text in word/document.xml and
	 * incompressible pictures in word/media, half the size each.
	 */
	static byte[] docx(int size) {
		Random random = new Random(3);
		StringBuilder body = new StringBuilder();
		for (int i = 0; body.length() < size * 3; i++) {
			body.append("<w:p><w:r><w:t>").append(sentence(random, 30)).append("</w:t></w:r></w:p>");
		}
		String document = CvFixtures.docxBody("").replace("<w:p><w:r><w:t></w:t></w:r></w:p>", body.toString());
		Map<String, byte[]> parts = CvFixtures.docxParts("");
		parts.put("word/document.xml", CvFixtures.utf8(document));
		byte[] text = CvFixtures.zip(parts);
		byte[] picture = new byte[Math.max(size - text.length, 0)];
		random.nextBytes(picture);
		parts.put("word/media/image1.png", picture);
		return CvFixtures.zip(parts);
	}

	private static byte[] pdf(int pages, Random random, PageDecoration decoration) {
		try (PDDocument document = new PDDocument()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (int number = 1; number <= pages; number++) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 10);
					content.setLeading(14);
					content.newLineAtOffset(50, 740);
					content.showText("Page " + number);
					for (int line = 0; line < 45; line++) {
						content.newLine();
						content.showText(sentence(random, 14));
					}
					content.endText();
					decoration.draw(document, content);
				}
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Builds a sentence from the word list, whose two non-ASCII words are in Helvetica's WinAnsi set. */
	private static String sentence(Random random, int words) {
		StringBuilder sentence = new StringBuilder();
		for (int i = 0; i < words; i++) {
			sentence.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
		}
		return sentence.append('.').toString();
	}

	private static BufferedImage noise(Random random) {
		BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 256; y++) {
			for (int x = 0; x < 256; x++) {
				image.setRGB(x, y, random.nextInt(0x1000000));
			}
		}
		return image;
	}

	@FunctionalInterface
	private interface PageDecoration {

		void draw(PDDocument document, PDPageContentStream content) throws IOException;

	}

}

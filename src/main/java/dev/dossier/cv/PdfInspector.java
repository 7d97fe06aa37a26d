package dev.dossier.cv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Checks a PDF with PDFBox: complete, opens without a password, runs no JavaScript and launches no
 * program; then extracts its text. The file is read through a buffered window, never whole, and
 * decoded streams beyond the configured memory go to a scratch file.
 */
final class PdfInspector implements DocumentInspector {

	/** A complete PDF ends with {@code %%EOF}; some writers add padding after it, hence a window. */
	private static final int END_MARKER_WINDOW = 1024;

	private static final byte[] END_MARKER = "%%EOF".getBytes(StandardCharsets.US_ASCII);

	private final MemoryUsageSetting memory;

	PdfInspector(MemoryUsageSetting memory) {
		this.memory = memory;
	}

	@Override
	public void inspect(Path file, Extraction extraction) throws Exception {
		try (PDDocument pdf = open(file)) {
			extraction.passChecks(check(pdf));

			extraction.write((writer) -> new TimedTextStripper(extraction).writeText(pdf, writer));
		}
	}

	/**
	 * Opens a complete PDF with the empty user password, which is how viewers open it without
	 * asking.
	 */
	PDDocument open(Path file) throws IOException {
		rejectTruncated(file);
		try {
			return Loader.loadPDF(file.toFile(), "", null, null, this.memory.streamCache);
		}
		catch (InvalidPasswordException ex) {
			throw Unusable.passwordProtected(DocumentFormat.PDF);
		}
		catch (IOException ex) {
			throw Unusable.damaged(DocumentFormat.PDF, "its structure could not be read").withCause(ex);
		}
	}

	/** Checks an open PDF for pages and active content and returns its page count. */
	int check(PDDocument pdf) {
		int pages = pdf.getNumberOfPages();
		if (pages == 0) {
			throw Unusable.damaged(DocumentFormat.PDF, "it has no pages");
		}
		String activeContent = PdfActions.find(pdf);
		if (activeContent != null) {
			throw Unusable.because("The PDF contains JavaScript or an action that starts a program (found in "
					+ activeContent + "). Recruiters' PDF viewers warn about or block such files. Print or export "
					+ "the CV to a new PDF and upload that copy.");
		}
		return pages;
	}

	private static void rejectTruncated(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = channel.size();
			int window = (int) Math.min(size, END_MARKER_WINDOW);
			ByteBuffer tail = ByteBuffer.allocate(window);
			long position = size - window;
			while (tail.hasRemaining() && channel.read(tail, position + tail.position()) >= 0) {
				// read until the window is full
			}
			if (indexOf(tail.array(), END_MARKER) < 0) {
				throw Unusable.damaged(DocumentFormat.PDF,
						"it does not end with the %%EOF marker, so it was probably cut off while copying");
			}
		}
	}

	private static int indexOf(byte[] bytes, byte[] pattern) {
		for (int i = bytes.length - pattern.length; i >= 0; i--) {
			int matched = 0;
			while (matched < pattern.length && bytes[i + matched] == pattern[matched]) {
				matched++;
			}
			if (matched == pattern.length) {
				return i;
			}
		}
		return -1;
	}

	/** Stops between pages once the text time limit has passed, even on pages that yield no text. */
	private static final class TimedTextStripper extends PDFTextStripper {

		private final Extraction extraction;

		TimedTextStripper(Extraction extraction) {
			this.extraction = extraction;
		}

		@Override
		protected void startPage(PDPage page) throws IOException {
			this.extraction.checkTime();
			super.startPage(page);
		}

	}

}

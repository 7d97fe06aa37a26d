package dev.dossier.cv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.odf.OpenDocumentParser;

/**
 * Checks a DOCX or ODT, both ZIP archives of XML parts: readable ZIP directory, not an archive bomb,
 * no document type declarations, no password (ODT; an encrypted DOCX is not a ZIP and never gets
 * here) and no macros. Then extracts the text with Tika.
 */
final class OfficeArchiveInspector implements DocumentInspector {

	private final DocumentFormat format;

	private final ArchiveLimits limits;

	private final Parser parser;

	OfficeArchiveInspector(DocumentFormat format, ArchiveLimits limits) {
		this.format = format;
		this.limits = limits;
		this.parser = (format == DocumentFormat.ODT) ? new OpenDocumentParser() : new OOXMLParser();
	}

	@Override
	public void inspect(Path file, Extraction extraction) throws Exception {
		extraction.passChecks(check(file));

		TikaText.extractInto(extraction, this.parser, file, this.format);
	}

	/** Runs the checks and returns the page count the document records, or {@code null}. */
	Integer check(Path file) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile())) {
			if (zip.size() > this.limits.maxEntries()) {
				throw Unusable.because("The " + this.format.label() + " contains " + zip.size() + " files; at "
						+ "most " + this.limits.maxEntries() + " are accepted. Save the CV again from your word "
						+ "processor and upload that copy.");
			}
			ArchiveScan scan = new ArchiveScan(this.format, this.limits);
			if (this.format == DocumentFormat.ODT && scan.isEncryptedOdt(zip)) {
				throw Unusable.passwordProtected(this.format);
			}
			rejectMacros(zip);
			return scan.scan(zip);
		}
		catch (ZipException ex) {
			throw Unusable.damaged(this.format, "its ZIP structure is broken or incomplete, as in a file cut off "
					+ "while copying").withCause(ex);
		}
	}

	/**
	 * Rejects macros by the parts that hold them: {@code vbaProject.bin} in a DOCX (a real DOCM is
	 * detected as its own type and rejected before), Basic modules or scripts in an ODT.
	 */
	private void rejectMacros(ZipFile zip) {
		for (ZipEntry entry : Collections.list(zip.entries())) {
			String name = entry.getName();
			String lower = name.toLowerCase(Locale.ROOT);
			boolean macros = (this.format == DocumentFormat.DOCX) ? lower.endsWith("vbaproject.bin")
					: isOdtMacro(name);
			if (macros) {
				throw Unusable.macros(this.format, name);
			}
		}
	}

	/**
	 * LibreOffice keeps Basic modules under {@code Basic/} next to library index files
	 * ({@code script-lc.xml}, {@code script-lb.xml}, dialog ones alike) and other script languages
	 * under {@code Scripts/}; the index files alone hold no code.
	 */
	private static boolean isOdtMacro(String name) {
		if (name.startsWith("Scripts/") && !name.endsWith("/")) {
			return true;
		}
		return name.startsWith("Basic/") && !name.endsWith("/") && !name.endsWith("-lc.xml")
				&& !name.endsWith("-lb.xml");
	}

}

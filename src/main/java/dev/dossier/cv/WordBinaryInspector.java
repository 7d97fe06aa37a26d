package dev.dossier.cv;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;

import org.apache.poi.hpsf.NoPropertySetStreamException;
import org.apache.poi.hpsf.PropertySet;
import org.apache.poi.hpsf.PropertySetFactory;
import org.apache.poi.hpsf.SummaryInformation;
import org.apache.poi.hwpf.model.FibBase;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.DocumentInputStream;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParser;

/**
 * Checks a Word 97-2003 or Word 6/95 document (an OLE2 container) with Apache POI: it must open
 * without a password and hold no macros. The page count comes from its summary information, the
 * text from Tika.
 */
final class WordBinaryInspector implements DocumentInspector {

	private static final String TEXT_STREAM = "WordDocument";

	/** Storage in which Word keeps a document's VBA project. */
	private static final String MACRO_STORAGE = "Macros";

	private final Parser parser = new OfficeParser();

	@Override
	public void inspect(Path file, Extraction extraction) throws Exception {
		extraction.passChecks(check(file));

		TikaText.extractInto(extraction, this.parser, file, DocumentFormat.DOC);
	}

	/** Runs the checks and returns the page count the document records, or {@code null}. */
	Integer check(Path file) throws IOException {
		try (POIFSFileSystem container = new POIFSFileSystem(file.toFile(), true)) {
			DirectoryNode root = container.getRoot();
			if (!root.hasEntry(TEXT_STREAM)) {
				throw Unusable.damaged(DocumentFormat.DOC, "its " + TEXT_STREAM + " stream is missing");
			}
			if (readFileInformation(root).isFEncrypted()) {
				throw Unusable.passwordProtected(DocumentFormat.DOC);
			}
			if (root.hasEntry(MACRO_STORAGE)) {
				throw Unusable.macros(DocumentFormat.DOC, "a VBA project in its " + MACRO_STORAGE + " storage");
			}
			return pageCount(root);
		}
	}

	/** Reads the start of the File Information Block, whose flags mark an encrypted document. */
	private static FibBase readFileInformation(DirectoryNode root) throws IOException {
		byte[] head;
		try (DocumentInputStream stream = root.createDocumentInputStream(TEXT_STREAM)) {
			head = stream.readNBytes(FibBase.getSize());
		}
		if (head.length < FibBase.getSize()) {
			throw Unusable.damaged(DocumentFormat.DOC, "its " + TEXT_STREAM + " stream is too short");
		}
		return new FibBase(head, 0);
	}

	private static Integer pageCount(DirectoryNode root) throws IOException {
		try {
			PropertySet properties = PropertySetFactory.create(root, SummaryInformation.DEFAULT_STREAM_NAME);
			if (properties instanceof SummaryInformation summary && summary.getPageCount() > 0) {
				return summary.getPageCount();
			}
			return null;
		}
		catch (FileNotFoundException | NoPropertySetStreamException ex) {
			return null;
		}
	}

}

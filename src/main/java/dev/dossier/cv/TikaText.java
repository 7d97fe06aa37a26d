package dev.dossier.cv;

import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Path;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ToTextContentHandler;
import org.xml.sax.ContentHandler;

/**
 * Extracts the plain text of an office document with one Apache Tika parser, chosen by the caller
 * from the detected format, so that the file is not detected a second time.
 */
final class TikaText {

	private TikaText() {
	}

	/**
	 * Extracts the text into {@code extraction}, reporting a document that turns out to be
	 * encrypted as needing a password.
	 */
	static void extractInto(Extraction extraction, Parser parser, Path file, DocumentFormat format)
			throws Exception {
		extraction.write((writer) -> {
			try {
				extract(parser, file, writer);
			}
			catch (EncryptedDocumentException ex) {
				throw Unusable.passwordProtected(format);
			}
		});
	}

	/**
	 * Writes the text of the document's own body; embedded files (pictures, attached documents) are
	 * not parsed, and macros are not extracted.
	 * @throws EncryptedDocumentException when the parser finds the document encrypted
	 */
	static void extract(Parser parser, Path file, Writer writer) throws Exception {
		OfficeParserConfig office = new OfficeParserConfig();
		// The SAX reader streams word/document.xml; the default one builds the whole DOM in memory.
		office.setUseSAXDocxExtractor(true);
		office.setExtractMacros(false);
		ParseContext context = new ParseContext();
		context.set(OfficeParserConfig.class, office);
		context.set(EmbeddedDocumentExtractor.class, new SkipEmbedded());
		try (TikaInputStream stream = TikaInputStream.get(file)) {
			parser.parse(stream, new BodyContentHandler(new LineBreakingHandler(new ToTextContentHandler(writer))),
					new Metadata(), context);
		}
	}

	private static final class SkipEmbedded implements EmbeddedDocumentExtractor {

		@Override
		public boolean shouldParseEmbedded(Metadata metadata) {
			return false;
		}

		@Override
		public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
			// embedded files are skipped
		}

	}

}

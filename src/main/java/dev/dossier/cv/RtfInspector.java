package dev.dossier.cv;

import java.nio.file.Path;

import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;

/**
 * Extracts an RTF document's text with Tika. RTF is plain text with markup: it has no password, no
 * macros and no page count, so the parse itself is the only structure check.
 */
final class RtfInspector implements DocumentInspector {

	private final Parser parser = new RTFParser();

	// NOTE: embedded objects (\object groups with OLE data) are neither parsed nor rejected, so an RTF
	// that carries an OLE package is accepted as long as its text can be read.
	@Override
	public void inspect(Path file, Extraction extraction) throws Exception {
		extraction.passChecks(null);

		extraction.write((writer) -> TikaText.extract(this.parser, file, writer));
	}

}

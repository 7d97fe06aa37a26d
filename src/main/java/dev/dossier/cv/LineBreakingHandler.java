package dev.dossier.cv;

import java.util.Set;

import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Ends every paragraph, heading, list item and table row of Tika's XHTML with a line break, and
 * drops whitespace at the start of a line. Tika's OpenDocument parser emits headings without a
 * break and passes the XML's own indentation through, which glued a heading to the next paragraph
 * ("ExperienceSenior Developer") and left lines of tabs in the text.
 */
final class LineBreakingHandler extends ContentHandlerDecorator {

	private static final Set<String> BLOCKS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "tr",
			"br", "title", "pre", "blockquote", "dd", "dt");

	private boolean atLineStart = true;

	LineBreakingHandler(ContentHandler handler) {
		super(handler);
	}

	@Override
	public void characters(char[] ch, int start, int length) throws SAXException {
		int from = start;
		int end = start + length;
		if (this.atLineStart) {
			while (from < end && Character.isWhitespace(ch[from])) {
				from++;
			}
		}
		if (from < end) {
			super.characters(ch, from, end - from);
			this.atLineStart = ch[end - 1] == '\n';
		}
	}

	@Override
	public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
		characters(ch, start, length);
	}

	@Override
	public void endElement(String uri, String localName, String name) throws SAXException {
		super.endElement(uri, localName, name);
		if (!this.atLineStart && BLOCKS.contains(localName)) {
			super.characters(new char[] { '\n' }, 0, 1);
			this.atLineStart = true;
		}
	}

}

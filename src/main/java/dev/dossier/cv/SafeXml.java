package dev.dossier.cv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.SAXException;
import org.xml.sax.ext.DefaultHandler2;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses the XML parts of office documents with the JDK's own SAX parser, with external entities
 * and external DTDs off. It rejects any document type declaration as soon as the parser meets it,
 * before the internal subset, where entities are declared, is read.
 */
final class SafeXml {

	private static final SAXParserFactory FACTORY = createFactory();

	private SafeXml() {
	}

	/**
	 * Parses {@code stream} with {@code handler}; the stream is left open. A handler ends the parse
	 * early by throwing {@link StopParsing}, which this method swallows.
	 * @throws DoctypeException when the XML has a document type declaration
	 */
	static void parse(InputStream stream, DefaultHandler handler) throws IOException, SAXException {
		SAXParser parser;
		try {
			parser = FACTORY.newSAXParser();
			parser.setProperty("http://xml.org/sax/properties/lexical-handler", new RejectDoctype());
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("The JDK's SAX parser does not support the secure settings", ex);
		}
		try {
			parser.parse(new KeepOpen(stream), handler);
		}
		catch (StopParsing ex) {
			// the handler has what it needs
		}
	}

	private static SAXParserFactory createFactory() {
		SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
		factory.setNamespaceAware(true);
		factory.setValidating(false);
		try {
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
			factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
			factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		}
		catch (ParserConfigurationException | SAXException ex) {
			throw new IllegalStateException("The JDK's SAX parser does not support the secure settings", ex);
		}
		return factory;
	}

	/** Ends a parse on purpose, for a handler that has read what it needs. */
	static final class StopParsing extends SAXException {

		StopParsing() {
			super("parsing stopped by its handler");
		}

	}

	/** Thrown at the start of a document type declaration. */
	static final class DoctypeException extends SAXException {

		DoctypeException(String name) {
			super("document type declaration of " + name);
		}

	}

	/** Lexical handler whose only job is to stop at a document type declaration. */
	private static final class RejectDoctype extends DefaultHandler2 {

		@Override
		public void startDTD(String name, String publicId, String systemId) throws SAXException {
			throw new DoctypeException(name);
		}

	}

	/** The parser closes its input when it ends; the caller still needs the rest of the stream. */
	private static final class KeepOpen extends FilterInputStream {

		KeepOpen(InputStream stream) {
			super(stream);
		}

		@Override
		public void close() {
		}

	}

}

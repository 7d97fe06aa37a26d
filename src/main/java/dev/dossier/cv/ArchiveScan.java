package dev.dossier.cv;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import dev.dossier.web.ApiException;

/**
 * Reads every entry of a DOCX or ODT once, decompressing as it goes and counting the bytes, so that
 * an archive bomb is stopped at the limit and never inflated whole. On the way it parses the start
 * of each XML entry to reject document type declarations, and reads the page count from
 * {@code docProps/app.xml} (DOCX) or {@code meta.xml} (ODT).
 */
final class ArchiveScan {

	private static final String OFFICE_EXTENDED_PROPERTIES =
			"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";

	private static final String ODF_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";

	private static final String ODF_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

	private final DocumentFormat format;

	private final ArchiveLimits limits;

	private long inflatedBytes;

	private Integer pages;

	ArchiveScan(DocumentFormat format, ArchiveLimits limits) {
		this.format = format;
		this.limits = limits;
	}

	/**
	 * Scans all entries.
	 * @return the page count the document records, or {@code null}
	 * @throws ApiException when a limit is passed or an XML entry declares a document type
	 * @throws IOException when an entry cannot be decompressed
	 */
	Integer scan(ZipFile zip) throws IOException {
		for (ZipEntry entry : Collections.list(zip.entries())) {
			if (!entry.isDirectory()) {
				DefaultHandler handler = pageCountReader(entry.getName());
				read(zip, entry, (handler != null) ? handler : new FirstElementOnly());
			}
		}
		return this.pages;
	}

	/**
	 * Checks whether an ODT is encrypted, which its manifest shows with
	 * {@code manifest:encryption-data}. Call it before {@link #scan}, because encrypted XML parts
	 * would otherwise read as damaged.
	 */
	boolean isEncryptedOdt(ZipFile zip) throws IOException {
		ZipEntry manifest = zip.getEntry("META-INF/manifest.xml");
		if (manifest == null) {
			return false;
		}
		EncryptionFinder finder = new EncryptionFinder();
		read(zip, manifest, finder);
		return finder.encrypted;
	}

	/** Decompresses one entry to its end, counting, and parses it with {@code handler} if it is XML. */
	private void read(ZipFile zip, ZipEntry entry, DefaultHandler handler) throws IOException {
		try (InputStream stream = new BufferedInputStream(new CountingStream(zip.getInputStream(entry), entry))) {
			if (looksLikeXml(stream)) {
				parseXml(entry.getName(), stream, handler);
			}
			stream.transferTo(OutputStream.nullOutputStream());
		}
		catch (LimitException ex) {
			throw ex.rejection;
		}
	}

	private void parseXml(String name, InputStream stream, DefaultHandler handler) throws IOException {
		try {
			SafeXml.parse(stream, handler);
		}
		catch (SafeXml.DoctypeException ex) {
			throw Unusable.because("The " + this.format.label() + " contains XML with a document type declaration "
					+ "(DTD) in " + name + ". Word processors do not write these, and their entity declarations can "
					+ "expand to gigabytes. Save the CV again from your word processor and upload that copy.");
		}
		catch (SAXException ex) {
			if (ex.getCause() instanceof LimitException limit) {
				throw limit.rejection;
			}
			throw Unusable.damaged(this.format, name + " is not well-formed XML").withCause(ex);
		}
	}

	/** Returns a handler that reads the page count from this entry, or {@code null} for other entries. */
	private DefaultHandler pageCountReader(String name) {
		if (this.format == DocumentFormat.DOCX && name.equals("docProps/app.xml")) {
			return new DocxPages();
		}
		if (this.format == DocumentFormat.ODT && name.equals("meta.xml")) {
			return new OdtPages();
		}
		return null;
	}

	/**
	 * Checks whether an entry starts like XML, with {@code <} after an optional byte order mark and
	 * white space, in UTF-8 or UTF-16. The XML parser also recognizes UTF-16 without a mark. Marks
	 * and resets the stream.
	 */
	static boolean looksLikeXml(InputStream stream) throws IOException {
		stream.mark(64);
		byte[] head = stream.readNBytes(64);
		stream.reset();
		int first = (head.length > 0) ? head[0] & 0xFF : -1;
		int second = (head.length > 1) ? head[1] & 0xFF : -1;
		Charset charset = StandardCharsets.UTF_8;
		if ((first == 0xFE && second == 0xFF) || (first == 0 && second == '<')) {
			charset = StandardCharsets.UTF_16BE;
		}
		else if ((first == 0xFF && second == 0xFE) || (first == '<' && second == 0)) {
			charset = StandardCharsets.UTF_16LE;
		}
		String start = new String(head, charset).replace("\uFEFF", "").stripLeading();
		return start.startsWith("<");
	}

	private static Integer parsePages(String value) {
		try {
			int pages = Integer.parseInt(value.trim());
			return (pages > 0) ? pages : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String mebibytes(long bytes) {
		return (bytes % (1024 * 1024) == 0) ? (bytes / (1024 * 1024)) + " MiB" : bytes + " bytes";
	}

	/** Stops at the root element: enough to know that no document type declaration precedes it. */
	private static class FirstElementOnly extends DefaultHandler {

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes)
				throws SAXException {
			throw new SafeXml.StopParsing();
		}

	}

	private static final class EncryptionFinder extends DefaultHandler {

		private boolean encrypted;

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes)
				throws SAXException {
			if (ODF_MANIFEST.equals(uri) && localName.equals("encryption-data")) {
				this.encrypted = true;
				throw new SafeXml.StopParsing();
			}
		}

	}

	/** Reads {@code <Pages>} of the extended properties part. */
	private final class DocxPages extends DefaultHandler {

		private StringBuilder text;

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes) {
			if (OFFICE_EXTENDED_PROPERTIES.equals(uri) && localName.equals("Pages")) {
				this.text = new StringBuilder();
			}
		}

		@Override
		public void characters(char[] ch, int start, int length) {
			if (this.text != null && this.text.length() < 20) {
				this.text.append(ch, start, length);
			}
		}

		@Override
		public void endElement(String uri, String localName, String qName) throws SAXException {
			if (this.text != null) {
				ArchiveScan.this.pages = parsePages(this.text.toString());
				throw new SafeXml.StopParsing();
			}
		}

	}

	/** Reads {@code meta:page-count} of {@code <meta:document-statistic>}. */
	private final class OdtPages extends DefaultHandler {

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes)
				throws SAXException {
			if (ODF_META.equals(uri) && localName.equals("document-statistic")) {
				String count = attributes.getValue(ODF_META, "page-count");
				ArchiveScan.this.pages = (count != null) ? parsePages(count) : null;
				throw new SafeXml.StopParsing();
			}
		}

	}

	/** Counts decompressed bytes of one entry and of the whole archive, and stops at a limit. */
	private final class CountingStream extends FilterInputStream {

		private final String name;

		private final long compressedSize;

		private long entryBytes;

		CountingStream(InputStream inflated, ZipEntry entry) {
			super(inflated);
			this.name = entry.getName();
			this.compressedSize = Math.max(entry.getCompressedSize(), 1);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = super.read(buffer, offset, length);
			if (read > 0) {
				count(read);
			}
			return read;
		}

		/** Reads instead of skipping, because skipped bytes are decompressed too and must be counted. */
		@Override
		public long skip(long n) throws IOException {
			byte[] buffer = new byte[(int) Math.min(n, 8192)];
			int read = read(buffer, 0, buffer.length);
			return Math.max(read, 0);
		}

		private void count(int bytes) throws LimitException {
			this.entryBytes += bytes;
			ArchiveScan.this.inflatedBytes += bytes;
			ArchiveLimits limits = ArchiveScan.this.limits;
			String label = ArchiveScan.this.format.label();
			if (ArchiveScan.this.inflatedBytes > limits.maxInflatedBytes()) {
				throw new LimitException(Unusable.because("The " + label + " expands to more than "
						+ mebibytes(limits.maxInflatedBytes()) + " when unpacked, far more than a CV needs; files "
						+ "like this are built to exhaust servers (an archive bomb). Save the CV again from your word "
						+ "processor and upload that copy."));
			}
			if (this.entryBytes > ArchiveLimits.RATIO_EXEMPT_BYTES
					&& this.entryBytes / this.compressedSize > limits.maxCompressionRatio()) {
				throw new LimitException(Unusable.because("The " + label + " contains a part (" + this.name
						+ ") that expands more than " + limits.maxCompressionRatio() + " times when unpacked, "
						+ "which marks an archive bomb. Save the CV again from your word processor and upload "
						+ "that copy."));
			}
		}

	}

	/** Carries a rejection through parsers, which pass on I/O exceptions from their input. */
	private static final class LimitException extends IOException {

		private final transient ApiException rejection;

		LimitException(ApiException rejection) {
			super(rejection.detail());
			this.rejection = rejection;
		}

	}

}

package dev.dossier.profile;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Builds {@code Content-Disposition} values with an ASCII-only {@code filename} for old clients and
 * the exact name as RFC 5987 {@code filename*}. Written by hand because Spring's
 * {@code ContentDisposition} puts the name unchanged into {@code filename}, which Tomcat then sends
 * as ISO-8859-1 bytes.
 */
final class ContentDispositions {

	/** RFC 5987 attr-char besides letters and digits: the bytes that need no percent-encoding. */
	private static final String ATTR_CHARS = "!#$&+-.^_`|~";

	private ContentDispositions() {
	}

	/**
	 * @param type {@code attachment} or {@code inline}
	 * @param filename a display name as cleaned at upload, free of control characters
	 */
	static String of(String type, String filename) {
		return type + "; filename=\"" + asciiFallback(filename) + "\"; filename*=UTF-8''" + encode(filename);
	}

	/** Drops accents (ü becomes u) and replaces what is left outside printable ASCII with "_". */
	static String asciiFallback(String filename) {
		String decomposed = Normalizer.normalize(filename, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		StringBuilder ascii = new StringBuilder(decomposed.length());
		for (int i = 0; i < decomposed.length();) {
			int codePoint = decomposed.codePointAt(i);
			i += Character.charCount(codePoint);
			if (codePoint == '"' || codePoint == '\\') {
				ascii.append('\\').appendCodePoint(codePoint);
			}
			else {
				ascii.append((codePoint >= 0x20 && codePoint < 0x7F) ? (char) codePoint : '_');
			}
		}
		return ascii.toString();
	}

	private static String encode(String filename) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| ATTR_CHARS.indexOf(c) >= 0;
			if (plain) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

}

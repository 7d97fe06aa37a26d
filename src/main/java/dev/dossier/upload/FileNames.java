package dev.dossier.upload;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Cleans a client-supplied file name into a display name. The name never becomes a path; cleaning
 * keeps it safe to show and to put in a {@code Content-Disposition} header.
 */
public final class FileNames {

	/** Longest display name, in UTF-8 bytes: the common file system limit. */
	public static final int MAX_BYTES = 255;

	private FileNames() {
	}

	/**
	 * Normalizes the name to NFC and keeps its last path segment (after {@code /} or {@code \}). Drops
	 * control characters, bidi and other invisible format characters, unpaired surrogates,
	 * private-use and unassigned code points, line and paragraph separators, the characters
	 * {@code : " * ? < > |} that Windows forbids in file names, and leading dots or spaces. Turns
	 * other whitespace into single spaces, and cuts the result to {@value #MAX_BYTES} UTF-8 bytes
	 * without splitting a character, keeping an extension of up to 15 characters after the dot.
	 * @return the cleaned name, or {@code fallback} when nothing is left
	 */
	public static String clean(String name, String fallback) {
		String normalized = Normalizer.normalize(name, Normalizer.Form.NFC);
		int slash = Math.max(normalized.lastIndexOf('/'), normalized.lastIndexOf('\\'));
		String base = normalized.substring(slash + 1);

		StringBuilder kept = new StringBuilder(base.length());
		for (int i = 0; i < base.length();) {
			int codePoint = base.codePointAt(i);
			i += Character.charCount(codePoint);
			if (isAllowed(codePoint)) {
				kept.appendCodePoint(Character.isWhitespace(codePoint) ? ' ' : codePoint);
			}
		}
		String trimmed = kept.toString().strip().replaceAll(" {2,}", " ");
		while (trimmed.startsWith(".")) {
			trimmed = trimmed.substring(1).stripLeading();
		}
		if (trimmed.isEmpty()) {
			return fallback;
		}
		return truncate(trimmed);
	}

	private static boolean isAllowed(int codePoint) {
		int type = Character.getType(codePoint);
		return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
				&& type != Character.PRIVATE_USE && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR
				&& type != Character.PARAGRAPH_SEPARATOR && codePoint != ':' && codePoint != '"' && codePoint != '*'
				&& codePoint != '?' && codePoint != '<' && codePoint != '>' && codePoint != '|';
	}

	private static String truncate(String name) {
		if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = (dot > 0 && name.length() - dot <= 16) ? name.substring(dot) : "";
		String stem = name.substring(0, name.length() - extension.length());
		int budget = MAX_BYTES - extension.getBytes(StandardCharsets.UTF_8).length;
		return cutToBytes(stem, budget).stripTrailing() + extension;
	}

	private static String cutToBytes(String text, int maxBytes) {
		int bytes = 0;
		int end = 0;
		while (end < text.length()) {
			int codePoint = text.codePointAt(end);
			int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + length > maxBytes) {
				break;
			}
			bytes += length;
			end += Character.charCount(codePoint);
		}
		return text.substring(0, end);
	}

}

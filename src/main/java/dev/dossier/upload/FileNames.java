package dev.dossier.upload;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cleans a client-supplied file name into a display name. The name never becomes a path; cleaning
 * keeps it safe to show and to put in a {@code Content-Disposition} header.
 */
public final class FileNames {

	/** Longest display name, in UTF-8 bytes: the common file system limit. */
	public static final int MAX_BYTES = 255;

	/**
	 * Extensions of file types people send by mistake or by habit. Only these are replaced when a
	 * name gets the extension of its detected type. Any other text after the last dot is part of
	 * the name and kept, such as the "2" of "CV v1.2".
	 */
	private static final Set<String> FILE_EXTENSIONS = Set.of("pdf", "doc", "docx", "docm", "dot", "dotx", "odt",
			"ott", "rtf", "txt", "text", "md", "html", "htm", "xml", "pages", "wps", "xls", "xlsx", "ppt", "pptx",
			"odp", "ods", "csv", "json", "png", "jpg", "jpeg", "jpe", "jfif", "gif", "webp", "bmp", "ico", "tif",
			"tiff", "heic", "heif", "avif", "svg", "zip", "rar", "7z", "gz", "tar", "exe", "bin", "dat");

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

	/**
	 * Gives a cleaned display name the extension of the type its content was found to be, so that
	 * the download opens in the right program: {@code resume.docx} holding a PDF becomes
	 * {@code resume.pdf}, and {@code My CV} becomes {@code My CV.pdf}. A name that already ends in
	 * one of {@code extensions} (compared ignoring case) is kept as it is.
	 * @param extensions the extensions of the detected type without the dot, the preferred one first
	 */
	public static String withExtension(String name, List<String> extensions) {
		int dot = name.lastIndexOf('.');
		String current = (dot > 0) ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
		if (extensions.contains(current)) {
			return name;
		}
		String stem = FILE_EXTENSIONS.contains(current) ? name.substring(0, dot) : name;
		return truncate(stem + "." + extensions.get(0));
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

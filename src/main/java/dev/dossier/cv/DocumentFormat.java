package dev.dossier.cv;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The document formats accepted as CVs, by the media type that content detection reports. */
enum DocumentFormat {

	PDF("application/pdf", "PDF", "pdf"),

	DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", "docx"),

	DOC("application/msword", "DOC", "doc"),

	ODT("application/vnd.oasis.opendocument.text", "ODT", "odt"),

	RTF("application/rtf", "RTF", "rtf"),

	TEXT("text/plain", "text file", "txt", "text", "md");

	/** The accepted formats as a person reads them, for error messages. */
	static final String ACCEPTED_NAMES = "PDF, DOCX, DOC, ODT, RTF or plain text (UTF-8, or UTF-16 with a byte "
			+ "order mark)";

	private final String mediaType;

	private final String label;

	private final List<String> extensions;

	DocumentFormat(String mediaType, String label, String... extensions) {
		this.mediaType = mediaType;
		this.label = label;
		this.extensions = List.of(extensions);
	}

	/** Media type without parameters, as stored and sent with downloads. */
	String mediaType() {
		return this.mediaType;
	}

	/** Short name for messages, such as "PDF" or "DOCX". */
	String label() {
		return this.label;
	}

	/** File name extensions of the format without the dot, the usual one first. */
	List<String> extensions() {
		return this.extensions;
	}

	static Optional<DocumentFormat> of(String mediaType) {
		return Arrays.stream(values()).filter((format) -> format.mediaType.equals(mediaType)).findFirst();
	}

}

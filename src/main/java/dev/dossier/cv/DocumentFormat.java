package dev.dossier.cv;

import java.util.Arrays;
import java.util.Optional;

/** The document formats accepted as CVs, by the media type that content detection reports. */
enum DocumentFormat {

	PDF("application/pdf", "PDF"),

	DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),

	DOC("application/msword", "DOC"),

	ODT("application/vnd.oasis.opendocument.text", "ODT"),

	RTF("application/rtf", "RTF"),

	TEXT("text/plain", "text file");

	/** The accepted formats as a person reads them, for error messages. */
	static final String ACCEPTED_NAMES = "PDF, DOCX, DOC, ODT, RTF or plain text (UTF-8, or UTF-16 with a byte "
			+ "order mark)";

	private final String mediaType;

	private final String label;

	DocumentFormat(String mediaType, String label) {
		this.mediaType = mediaType;
		this.label = label;
	}

	/** Media type without parameters, as stored and sent with downloads. */
	String mediaType() {
		return this.mediaType;
	}

	/** Short name for messages, such as "PDF" or "DOCX". */
	String label() {
		return this.label;
	}

	static Optional<DocumentFormat> of(String mediaType) {
		return Arrays.stream(values()).filter((format) -> format.mediaType.equals(mediaType)).findFirst();
	}

}

package dev.dossier.upload;

/**
 * Reports why an upload body was rejected while it was read. The reader stays free of web types;
 * {@link UploadService} turns the reason into a problem response.
 */
public class UploadBodyException extends RuntimeException {

	/** Why the body was rejected. */
	public enum Reason {

		INVALID_JSON, MISSING_FIELD, INVALID_FIELD, INVALID_BASE64, FILE_TOO_LARGE, BODY_TOO_LARGE

	}

	private final Reason reason;

	private final String field;

	UploadBodyException(Reason reason, String field, String message) {
		super(message);
		this.reason = reason;
		this.field = field;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Field the failure is about, or {@code null} when it is about the body as a whole. */
	public String field() {
		return this.field;
	}

}

package dev.dossier.web;

import org.springframework.http.HttpStatus;

/**
 * Catalogue of every error the API returns. Each entry fixes the status, a stable {@code type}
 * URI and a short title; the detail of each occurrence explains what the caller should change.
 */
public enum Problem {

	INVALID_JSON(HttpStatus.BAD_REQUEST, "invalid-json", "Request body is not valid JSON"),
	MISSING_FIELD(HttpStatus.BAD_REQUEST, "missing-field", "A required field is missing or empty"),
	INVALID_FIELD(HttpStatus.BAD_REQUEST, "invalid-field", "A field has an invalid value"),
	INVALID_BASE64(HttpStatus.BAD_REQUEST, "invalid-base64", "upload_content is not valid base64"),
	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid"),
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required"),
	BAD_CREDENTIALS(HttpStatus.UNAUTHORIZED, "bad-credentials", "Invalid username or password"),
	INVALID_TOKEN(HttpStatus.UNAUTHORIZED, "invalid-token", "The token is invalid or expired"),
	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Access denied"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
	CONFLICT(HttpStatus.CONFLICT, "conflict", "Already taken"),
	QUOTA_EXCEEDED(HttpStatus.CONFLICT, "quota-exceeded", "Storage quota reached"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "The file is too large"),
	UNSUPPORTED_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type", "The file type is not accepted"),
	UNSUPPORTED_REQUEST_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-request-type",
			"The request body must be JSON"),
	UNUSABLE_FILE(HttpStatus.UNPROCESSABLE_CONTENT, "unusable-file", "The file cannot be used"),
	RANGE_NOT_SATISFIABLE(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
			"Range not satisfiable"),
	TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests"),
	UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service temporarily unavailable"),
	INSUFFICIENT_STORAGE(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "No room to store the file"),
	INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal server error");

	private static final String TYPE_PREFIX = "urn:dossier:problem:";

	private final HttpStatus status;

	private final String slug;

	private final String title;

	Problem(HttpStatus status, String slug, String title) {
		this.status = status;
		this.slug = slug;
		this.title = title;
	}

	/**
	 * Returns the first entry with {@code status}, or {@link #INVALID_REQUEST} or {@link #INTERNAL}
	 * for a 4xx or 5xx status that has none; used for errors that Spring MVC reports itself.
	 */
	static Problem forStatus(int status) {
		for (Problem problem : values()) {
			if (problem.status.value() == status) {
				return problem;
			}
		}
		return (status >= 500) ? INTERNAL : INVALID_REQUEST;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return TYPE_PREFIX + this.slug;
	}

	public String title() {
		return this.title;
	}

	/** Creates the exception that reports this problem with the given detail. */
	public ApiException exception(String detail) {
		return new ApiException(this, detail, null, null);
	}

	/** Creates the exception that reports this problem about one request field. */
	public ApiException exception(String detail, String field) {
		return new ApiException(this, detail, field, null);
	}

}

package dev.dossier.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dossier.storage.FileKind;
import dev.dossier.storage.QuotaExceededException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.util.ClassUtils;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure that reaches Spring MVC as problem+json: our own {@link ApiException}s,
 * Spring MVC's own exceptions (unknown path, wrong method, unreadable body) and unexpected ones.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	private final ProblemWriter problems;

	ProblemAdvice(ProblemWriter problems) {
		this.problems = problems;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApi(ApiException ex, HttpServletRequest request) {
		if (ex.problem().status().is5xxServerError()) {
			log.error("{}: {}", ex.problem().title(), ex.detail(), ex.getCause());
		}
		else {
			// One line per rejection, so that an operator can find a user's rejected upload by its
			// request id. The detail names types and limits, never file content or tokens.
			log.info("Rejected {} {} with {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.problem().status().value(), ex.problem().type(), ex.detail());
			if (ex.getCause() != null) {
				log.debug("Cause of the rejection", ex.getCause());
			}
		}
		return respond(ex.problem(), ex.detail(), ex.field(), request);
	}

	@ExceptionHandler(QuotaExceededException.class)
	ResponseEntity<ProblemDetail> handleQuotaExceeded(QuotaExceededException ex, HttpServletRequest request) {
		String detail = "Your files take " + mebibytes(ex.usedBytes()) + " of the " + mebibytes(ex.quotaBytes())
				+ " each account may keep, and this " + ((ex.kind() == FileKind.CV) ? "CV" : "avatar") + " needs "
				+ mebibytes(ex.neededBytes()) + " more. Delete earlier files (GET /api/v1/user-operations/"
				+ ex.kind().id() + "/history lists them, DELETE /api/v1/user-operations/" + ex.kind().id()
				+ "/{id} removes one) and upload again.";
		log.info("Rejected {} {} with 409: {}", request.getMethod(), request.getRequestURI(), detail);
		return respond(Problem.QUOTA_EXCEEDED, detail, null, request);
	}

	private static String mebibytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
	}

	@ExceptionHandler(RateLimitedException.class)
	ResponseEntity<ProblemDetail> handleRateLimited(RateLimitedException ex, HttpServletRequest request) {
		log.info("Rate limited {} {}: {}", request.getMethod(), request.getRequestURI(), ex.detail());
		ResponseEntity<ProblemDetail> response = respond(ex.problem(), ex.detail(), null, request);
		return ResponseEntity.status(response.getStatusCode())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.contentType(response.getHeaders().getContentType())
			.body(response.getBody());
	}

	@ExceptionHandler({ CannotGetJdbcConnectionException.class, TransientDataAccessException.class,
			DataAccessResourceFailureException.class, RecoverableDataAccessException.class })
	ResponseEntity<ProblemDetail> handleDatabaseDown(DataAccessException ex, HttpServletRequest request) {
		if (isOutOfSpace(ex)) {
			return outOfSpace(ex, request);
		}
		log.error("Database unavailable", ex);
		return respond(Problem.UNAVAILABLE, "The database is unavailable. Nothing was stored; try again shortly.",
				null, request);
	}

	@ExceptionHandler(UncheckedIOException.class)
	ResponseEntity<ProblemDetail> handleStorageFailure(UncheckedIOException ex, HttpServletRequest request) {
		if (isOutOfSpace(ex)) {
			return outOfSpace(ex, request);
		}
		log.error("Storage failure", ex);
		String detail = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
				? "File storage is unavailable; try again shortly."
				: "File storage is unavailable. Nothing was stored; try again shortly.";
		return respond(Problem.UNAVAILABLE, detail, null, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) throws Exception {
		if (ex instanceof IOException && isClientAbort(ex)) {
			log.debug("Client went away", ex);
			return null;
		}
		if (isOutOfSpace(ex)) {
			return outOfSpace(ex, request);
		}
		log.error("Unexpected failure", ex);
		return respond(Problem.INTERNAL, "An unexpected error occurred. Quote the request id when reporting it.", null,
				request);
	}

	private ResponseEntity<ProblemDetail> outOfSpace(Exception ex, HttpServletRequest request) {
		log.error("Out of storage space", ex);
		return respond(Problem.INSUFFICIENT_STORAGE,
				"The server has no room left to store files. Nothing was stored; try again later.", null, request);
	}

	/**
	 * Checks whether a failure comes from a full disk or an exhausted disk quota. The JDK has no
	 * exception type for that, so the operating system's message is matched, as are SQLite's "disk
	 * is full" and PostgreSQL's SQLSTATE 53100 for a database that ran out of space.
	 */
	static boolean isOutOfSpace(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded")
					|| message.contains("disk is full"))) {
				return true;
			}
			if (cause instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
		String path = (servletRequest != null) ? servletRequest.getRequestURI() : "/" + ex.getResourcePath();
		return respondObject(Problem.NOT_FOUND, "No endpoint at " + path
				+ ". The API lives under /api/v1; see the README for its paths.", request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ResponseEntity<Object> response = respondObject(Problem.METHOD_NOT_ALLOWED,
				"Method " + ex.getMethod() + " is not allowed here. Allowed: "
						+ String.join(", ", ex.getSupportedMethods() == null ? new String[0] : ex.getSupportedMethods())
						+ ".",
				request);
		return ResponseEntity.status(response.getStatusCode())
			.headers(ex.getHeaders())
			.contentType(response.getHeaders().getContentType())
			.body(response.getBody());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respondObject(Problem.UNSUPPORTED_REQUEST_TYPE,
				"Send the body as JSON with the header Content-Type: application/json.", request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respondObject(Problem.INVALID_JSON,
				"The request body is not valid JSON or a field has the wrong type. Send a JSON object.", request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var error = ex.getBindingResult().getFieldError();
		String field = (error != null) ? snakeCase(error.getField()) : null;
		String detail = (error != null) ? field + " " + error.getDefaultMessage() + "."
				: "The request has an invalid field.";
		HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
		ResponseEntity<ProblemDetail> response = respond(Problem.INVALID_FIELD, detail, field, servletRequest);
		return ResponseEntity.status(response.getStatusCode())
			.contentType(response.getHeaders().getContentType())
			.body(response.getBody());
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		Class<?> required = ex.getRequiredType();
		boolean number = required != null && Number.class.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(required));
		String expected = number ? "a number" : "a valid value";
		return respondObject(Problem.INVALID_REQUEST, "The parameter '" + name + "' is '" + ex.getValue()
				+ "', which is not " + expected + ". If it came from a download link, get a fresh link from "
				+ "GET /api/v1/profile.", request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// Spring MVC's remaining exceptions keep their status; only the body is made ours.
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail detail) {
			HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
			Object requestId = (servletRequest != null) ? servletRequest.getAttribute(RequestIdFilter.ATTRIBUTE) : null;
			if (requestId != null) {
				detail.setProperty("request_id", requestId);
			}
			if (servletRequest != null) {
				detail.setInstance(URI.create(servletRequest.getRequestURI()));
			}
			if (detail.getType() == null || "about:blank".equals(detail.getType().toString())) {
				detail.setType(URI.create(Problem.forStatus(detail.getStatus()).type()));
			}
		}
		return response;
	}

	private ResponseEntity<Object> respondObject(Problem problem, String detail, WebRequest request) {
		HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
		ResponseEntity<ProblemDetail> response = respond(problem, detail, null, servletRequest);
		return ResponseEntity.status(response.getStatusCode())
			.contentType(response.getHeaders().getContentType())
			.body(response.getBody());
	}

	private ResponseEntity<ProblemDetail> respond(Problem problem, String detail, String field,
			HttpServletRequest request) {
		return ResponseEntity.status(problem.status())
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(this.problems.toDetail(problem, detail, field, request));
	}

	/** JSON names are snake_case while validation reports Java names. */
	private static String snakeCase(String javaName) {
		return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static boolean isClientAbort(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t.getClass().getSimpleName().equals("ClientAbortException")) {
				return true;
			}
		}
		return false;
	}

}

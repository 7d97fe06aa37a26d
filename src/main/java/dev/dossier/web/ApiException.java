package dev.dossier.web;

/**
 * An expected failure that the API reports as {@code application/problem+json}. Thrown anywhere
 * below a controller; {@link ProblemAdvice} renders it.
 */
public class ApiException extends RuntimeException {

	private final Problem problem;

	private final String field;

	public ApiException(Problem problem, String detail, String field, Throwable cause) {
		super(detail, cause);
		this.problem = problem;
		this.field = field;
	}

	public Problem problem() {
		return this.problem;
	}

	public String detail() {
		return getMessage();
	}

	/** Request field the problem is about, or {@code null}. */
	public String field() {
		return this.field;
	}

	/** Returns a copy that also carries the cause, for the log. */
	public ApiException withCause(Throwable cause) {
		return new ApiException(this.problem, getMessage(), this.field, cause);
	}

}

package dev.dossier.web;

/** A request over a rate limit; rendered as 429 with {@code Retry-After}. */
public class RateLimitedException extends ApiException {

	private final long retryAfterSeconds;

	public RateLimitedException(String detail, long retryAfterSeconds) {
		super(Problem.TOO_MANY_REQUESTS, detail, null, null);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}

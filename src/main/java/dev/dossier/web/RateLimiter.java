package dev.dossier.web;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts requests per key in fixed windows in the database, with one upsert per request, so that
 * the count is shared by every node. A fixed window lets a client send up to twice the limit around
 * a window boundary; that is accepted for its simplicity.
 */
@Component
public class RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

	private final JdbcClient jdbc;

	private final RateLimitProperties limits;

	private final Clock clock;

	RateLimiter(JdbcClient jdbc, RateLimitProperties limits, Clock clock) {
		this.jdbc = jdbc;
		this.limits = limits;
		this.clock = clock;
	}

	/**
	 * Counts a login attempt for an account and for the client address.
	 * @param accountKey the account the attempt is for; the same for its user name and its e-mail
	 * address
	 */
	public void countLogin(String accountKey, String clientAddress) {
		count("login-address:" + clientAddress, this.limits.loginsPerAddress(), this.limits.loginWindow(),
				"Too many login attempts from your address.");
		count("login-account:" + accountKey, this.limits.loginsPerAccount(),
				this.limits.loginWindow(), "Too many login attempts for this account.");
	}

	/** Counts an upload of an account, avatars and CVs together. */
	public void countUpload(long accountId) {
		count("upload:" + accountId, this.limits.uploadsPerAccount(), this.limits.uploadWindow(),
				"Too many uploads from your account.");
	}

	private void count(String bucket, int limit, Duration window, String reason) {
		long now = this.clock.millis();
		long windowMillis = window.toMillis();
		long windowStart = now - (now % windowMillis);
		int hits = this.jdbc
			.sql("INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1) "
					+ "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits")
			.params(bucket, windowStart)
			.query(Integer.class)
			.single();
		if (hits > limit) {
			long retryAfter = Math.max(1, (windowStart + windowMillis - now + 999) / 1000);
			throw new RateLimitedException(reason + " The limit is " + limit + " per " + describe(window)
					+ "; try again in " + retryAfter + " seconds.", retryAfter);
		}
	}

	private static String describe(Duration window) {
		if (window.toMinutes() >= 60 && window.toMinutes() % 60 == 0) {
			return (window.toHours() == 1) ? "hour" : window.toHours() + " hours";
		}
		return window.toMinutes() + " minutes";
	}

	/** Drops counts of windows that ended more than a day ago. */
	@Scheduled(fixedDelayString = "1h", initialDelayString = "10m")
	void removeOldWindows() {
		long cutoff = this.clock.instant().minus(Duration.ofDays(1)).toEpochMilli();
		int removed = this.jdbc.sql("DELETE FROM rate_limits WHERE window_start < ?").param(cutoff).update();
		if (removed > 0) {
			log.debug("Removed {} old rate limit counts", removed);
		}
	}

}

package dev.dossier.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dossier.web.Problem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks, rotates and revokes opaque bearer tokens. A token is 256 random bits in base64url;
 * only its SHA-256 is stored, so a copy of the database authenticates no one. Tokens issued by one
 * login share a family: logout, or reuse of an already rotated refresh token, revokes the family.
 */
@Service
public class TokenService {

	private static final Logger log = LoggerFactory.getLogger(TokenService.class);

	private static final String ACCESS = "access";

	private static final String REFRESH = "refresh";

	private final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	private final TokenProperties properties;

	private final Clock clock;

	TokenService(JdbcClient jdbc, TokenProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** A fresh access and refresh token. */
	public record TokenPair(String accessToken, Instant accessExpiry, String refreshToken, Instant refreshExpiry) {
	}

	@Transactional
	public TokenPair issue(long accountId) {
		return issue(accountId, UUID.randomUUID().toString());
	}

	/** Returns the account an access token belongs to, if the token is live. */
	public Optional<AuthenticatedAccount> authenticate(String accessToken) {
		return this.jdbc
			.sql("SELECT a.id, a.username FROM tokens t JOIN accounts a ON a.id = t.account_id "
					+ "WHERE t.token_hash = ? AND t.kind = ? AND t.revoked_at IS NULL AND t.expires_at > ?")
			.params(hash(accessToken), ACCESS, now())
			.query((rs, row) -> new AuthenticatedAccount(rs.getLong("id"), rs.getString("username")))
			.optional();
	}

	/**
	 * Exchanges a refresh token for a new pair. The old refresh token and the family's earlier access
	 * tokens stop working. Presenting a refresh token that was already exchanged revokes the whole
	 * family, since either its owner or a thief now has a stolen copy.
	 */
	@Transactional(noRollbackFor = dev.dossier.web.ApiException.class)
	public TokenPair refresh(String refreshToken) {
		record Row(long id, long accountId, String family, boolean used, boolean live) {
		}
		long now = now();
		Optional<Row> found = this.jdbc
			.sql("SELECT id, account_id, family, used_at, revoked_at, expires_at FROM tokens "
					+ "WHERE token_hash = ? AND kind = ?")
			.params(hash(refreshToken), REFRESH)
			.query((rs, n) -> {
				rs.getLong("used_at");
				boolean used = !rs.wasNull();
				rs.getLong("revoked_at");
				boolean revoked = !rs.wasNull();
				return new Row(rs.getLong("id"), rs.getLong("account_id"), rs.getString("family"), used,
						!revoked && rs.getLong("expires_at") > now);
			})
			.optional();
		if (found.isEmpty() || !found.get().live()) {
			throw invalidRefreshToken();
		}
		Row row = found.get();
		int claimed = row.used() ? 0
				: this.jdbc.sql("UPDATE tokens SET used_at = ? WHERE id = ? AND used_at IS NULL")
					.params(now, row.id())
					.update();
		if (claimed == 0) {
			revokeFamily(row.family());
			log.warn("Refresh token reused for account {}; revoked its token family", row.accountId());
			throw invalidRefreshToken();
		}
		this.jdbc.sql("UPDATE tokens SET revoked_at = ? WHERE family = ? AND kind = ? AND revoked_at IS NULL")
			.params(now, row.family(), ACCESS)
			.update();
		return issue(row.accountId(), row.family());
	}

	/** Revokes every token issued with the given access token's login. */
	@Transactional
	public void logout(String accessToken) {
		this.jdbc.sql("SELECT family FROM tokens WHERE token_hash = ?")
			.param(hash(accessToken))
			.query(String.class)
			.optional()
			.ifPresent(this::revokeFamily);
	}

	private void revokeFamily(String family) {
		this.jdbc.sql("UPDATE tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL")
			.params(now(), family)
			.update();
	}

	private TokenPair issue(long accountId, String family) {
		Instant now = this.clock.instant();
		String access = newToken();
		String refresh = newToken();
		Instant accessExpiry = now.plus(this.properties.accessTokenLifetime());
		Instant refreshExpiry = now.plus(this.properties.refreshTokenLifetime());
		insert(accountId, access, ACCESS, family, now, accessExpiry);
		insert(accountId, refresh, REFRESH, family, now, refreshExpiry);
		return new TokenPair(access, accessExpiry, refresh, refreshExpiry);
	}

	private void insert(long accountId, String token, String kind, String family, Instant created, Instant expires) {
		this.jdbc
			.sql("INSERT INTO tokens (account_id, token_hash, kind, family, created_at, expires_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(accountId, hash(token), kind, family, created.toEpochMilli(), expires.toEpochMilli())
			.update();
	}

	private String newToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private long now() {
		return this.clock.millis();
	}

	static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime must provide SHA-256", ex);
		}
	}

	private static dev.dossier.web.ApiException invalidRefreshToken() {
		return Problem.INVALID_TOKEN.exception("The refresh token is invalid, expired, revoked or already used. "
				+ "Log in again with POST /api/v1/login.", "refresh_token");
	}

}

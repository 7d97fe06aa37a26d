package dev.dossier.account;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AccountRepository {

	private static final RowMapper<Account> ACCOUNT = (rs, row) -> new Account(rs.getLong("id"),
			rs.getString("username"), rs.getString("email"), rs.getString("first_name"), rs.getString("last_name"),
			Instant.ofEpochMilli(rs.getLong("created_at")));

	/** An account with its password hash, for the login check only. */
	record Credentials(Account account, String passwordHash) {
	}

	private final JdbcClient jdbc;

	AccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Lower-cased form that makes user names and e-mail addresses unique regardless of case. */
	static String key(String value) {
		return value.trim().toLowerCase(Locale.ROOT);
	}

	boolean usernameTaken(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE username_key = ?")
			.param(key(username))
			.query(Long.class)
			.single() > 0;
	}

	boolean emailTaken(String email) {
		return this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE email_key = ?")
			.param(key(email))
			.query(Long.class)
			.single() > 0;
	}

	Account insert(String username, String email, String passwordHash, String firstName, String lastName,
			Instant createdAt) {
		long id = this.jdbc
			.sql("INSERT INTO accounts (username, username_key, email, email_key, password_hash, first_name, last_name, "
					+ "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
			.params(username, key(username), email, key(email), passwordHash, firstName, lastName,
					createdAt.toEpochMilli())
			.query(Long.class)
			.single();
		return new Account(id, username, email, firstName, lastName, createdAt);
	}

	/** Finds an account by user name or e-mail address, case-insensitively. */
	Optional<Credentials> findCredentials(String login) {
		return this.jdbc
			.sql("SELECT id, username, email, first_name, last_name, created_at, password_hash FROM accounts "
					+ "WHERE username_key = ? OR email_key = ?")
			.params(key(login), key(login))
			.query((rs, row) -> new Credentials(ACCOUNT.mapRow(rs, row), rs.getString("password_hash")))
			.optional();
	}

	Optional<Account> findById(long id) {
		return this.jdbc
			.sql("SELECT id, username, email, first_name, last_name, created_at FROM accounts WHERE id = ?")
			.param(id)
			.query(ACCOUNT)
			.optional();
	}

}

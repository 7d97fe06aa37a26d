package dev.dossier.account;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dossier.web.Problem;
import dev.dossier.web.RateLimiter;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration and login. */
@Service
public class AccountService {

	private static final Logger log = LoggerFactory.getLogger(AccountService.class);

	private final AccountRepository accounts;

	private final TokenService tokens;

	private final PasswordEncoder passwordEncoder;

	private final Clock clock;

	private final RateLimiter rateLimiter;

	/**
	 * Hash checked when no account matches, so that a wrong user name costs as much time as a wrong
	 * password and the response time does not reveal which accounts exist.
	 */
	private final String decoyHash;

	AccountService(AccountRepository accounts, TokenService tokens, PasswordEncoder passwordEncoder, Clock clock,
			RateLimiter rateLimiter) {
		this.accounts = accounts;
		this.rateLimiter = rateLimiter;
		this.tokens = tokens;
		this.passwordEncoder = passwordEncoder;
		this.clock = clock;
		this.decoyHash = passwordEncoder.encode("decoy password that matches nothing");
	}

	/** An account together with the tokens just issued for it. */
	public record SignedIn(Account account, TokenService.TokenPair tokens) {
	}

	@Transactional
	public SignedIn register(RegisterRequest request) {
		if (this.accounts.usernameTaken(request.username())) {
			throw Problem.CONFLICT.exception("The username '" + request.username().trim()
					+ "' is already taken. Choose another one.", "username");
		}
		if (this.accounts.emailTaken(request.email())) {
			throw Problem.CONFLICT.exception("An account with this e-mail address already exists. "
					+ "Log in with POST /api/v1/login instead.", "email");
		}
		Account account;
		try {
			account = this.accounts.insert(request.username().trim(), request.email().trim(),
					this.passwordEncoder.encode(request.password()), request.firstName().trim(),
					request.lastName().trim(), this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		}
		catch (DuplicateKeyException ex) {
			throw Problem.CONFLICT.exception("The username or e-mail address was taken a moment ago. "
					+ "Choose another one.", "username").withCause(ex);
		}
		log.info("Registered account {}", account.id());
		return new SignedIn(account, this.tokens.issue(account.id()));
	}

	/**
	 * Checks a login and issues tokens. Attempts are counted before the password is checked: for the
	 * client address, and for the account when the user name or e-mail address belongs to one (so
	 * that both share one limit), else for the name itself.
	 */
	public SignedIn login(String login, String password, String clientAddress) {
		Optional<AccountRepository.Credentials> credentials = this.accounts.findCredentials(login);
		String accountKey = credentials.map((found) -> "account " + found.account().id())
			.orElseGet(() -> "name " + AccountRepository.key(login));
		this.rateLimiter.countLogin(accountKey, clientAddress);
		String hash = credentials.map(AccountRepository.Credentials::passwordHash).orElse(this.decoyHash);
		boolean matches = this.passwordEncoder.matches(password, hash);
		if (credentials.isEmpty() || !matches) {
			throw Problem.BAD_CREDENTIALS.exception("The username or password is wrong. Check both. "
					+ "The e-mail address also works in place of the username.");
		}
		Account account = credentials.get().account();
		return new SignedIn(account, this.tokens.issue(account.id()));
	}

	public Account get(long accountId) {
		return this.accounts.findById(accountId)
			.orElseThrow(() -> Problem.INVALID_TOKEN.exception("The account of this token no longer exists."));
	}

}

package dev.dossier.account;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dossier.web.Problem;
import dev.dossier.web.ProblemWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <access_token>}. It never reads
 * the body, so an upload without a valid token is rejected before a byte of it is read. A request
 * with a bad token continues unauthenticated; the entry point then returns 401 where the path
 * needs an account.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	/** Request attribute set when a token was sent but is not live; lets the 401 detail name the reason. */
	static final String INVALID_TOKEN = BearerTokenFilter.class.getName() + ".invalid";

	private static final String PREFIX = "bearer ";

	private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

	private final TokenService tokens;

	private final ProblemWriter problems;

	BearerTokenFilter(TokenService tokens, ProblemWriter problems) {
		this.tokens = tokens;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = tokenOf(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (token != null) {
			Optional<AuthenticatedAccount> found;
			try {
				found = this.tokens.authenticate(token);
			}
			catch (DataAccessException ex) {
				// Runs before Spring MVC, so its error handling would not turn this into a 503.
				log.error("Database unavailable while checking an access token", ex);
				this.problems.write(request, response, Problem.UNAVAILABLE,
						"The database is unavailable, so the access token cannot be checked. Try again shortly.");
				return;
			}
			found.ifPresentOrElse((account) -> {
				var authentication = UsernamePasswordAuthenticationToken.authenticated(account, null,
						List.of(new SimpleGrantedAuthority("ROLE_USER")));
				SecurityContextHolder.getContext().setAuthentication(authentication);
			}, () -> request.setAttribute(INVALID_TOKEN, Boolean.TRUE));
		}
		chain.doFilter(request, response);
	}

	/** Returns the token of a bearer {@code Authorization} header, or {@code null}. */
	static String tokenOf(String authorization) {
		if (authorization == null || authorization.length() <= PREFIX.length()
				|| !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		String token = authorization.substring(PREFIX.length()).trim();
		return token.isEmpty() ? null : token;
	}

}

package dev.dossier.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import jakarta.servlet.http.HttpServletRequest;

import dev.dossier.web.Problem;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class AccountController {

	private final AccountService accounts;

	private final TokenService tokens;

	private final String version;

	AccountController(AccountService accounts, TokenService tokens, ObjectProvider<BuildProperties> build) {
		this.accounts = accounts;
		this.tokens = tokens;
		BuildProperties properties = build.getIfAvailable();
		String implementation = AccountController.class.getPackage().getImplementationVersion();
		this.version = (properties != null) ? properties.getVersion()
				: (implementation != null) ? implementation : "development";
	}

	record LoginRequest(@NotBlank(message = "is missing") String username,
			@NotBlank(message = "is missing") String password) {
	}

	record RefreshRequest(@NotBlank(message = "is missing") String refreshToken) {
	}

	record RefreshResponse(String accessToken, long expiresIn, String refreshToken, String scope, String tokenType) {
	}

	@PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> register(@Valid @RequestBody RegisterRequest request) {
		if (request.password().getBytes(StandardCharsets.UTF_8).length > RegisterRequest.MAX_PASSWORD_BYTES) {
			throw Problem.INVALID_FIELD.exception("password must be at most " + RegisterRequest.MAX_PASSWORD_BYTES
					+ " bytes long in UTF-8.", "password");
		}
		if (!request.password().equals(request.passwordRepeat())) {
			throw Problem.INVALID_FIELD.exception("password_repeat does not match password. Type the same password twice.",
					"password_repeat");
		}
		return signedIn(this.accounts.register(request));
	}

	@PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> login(@Valid @RequestBody LoginRequest request, HttpServletRequest servletRequest) {
		return signedIn(this.accounts.login(request.username(), request.password(), servletRequest.getRemoteAddr()));
	}

	@PostMapping(path = "/refresh-token", consumes = MediaType.APPLICATION_JSON_VALUE)
	RefreshResponse refresh(@Valid @RequestBody RefreshRequest request) {
		TokenService.TokenPair pair = this.tokens.refresh(request.refreshToken());
		return new RefreshResponse(pair.accessToken(), secondsUntil(pair.accessExpiry()), pair.refreshToken(), "user",
				"Bearer");
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(@AuthenticationPrincipal AuthenticatedAccount account,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		this.tokens.logout(BearerTokenFilter.tokenOf(authorization));
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/version", produces = MediaType.TEXT_PLAIN_VALUE)
	String version() {
		return "Dossier " + this.version;
	}

	private static Map<String, Object> signedIn(AccountService.SignedIn signedIn) {
		Map<String, Object> body = new LinkedHashMap<>(AccountViews.of(signedIn.account()));
		TokenService.TokenPair pair = signedIn.tokens();
		body.put("access_token", pair.accessToken());
		body.put("token_type", "Bearer");
		body.put("refresh_token", pair.refreshToken());
		body.put("expiry", pair.accessExpiry().toString());
		body.put("expires_in", secondsUntil(pair.accessExpiry()));
		return body;
	}

	private static long secondsUntil(Instant instant) {
		return Math.max(0, Duration.between(Instant.now(), instant).toSeconds());
	}

}

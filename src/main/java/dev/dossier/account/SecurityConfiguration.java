package dev.dossier.account;

import dev.dossier.web.Problem;
import dev.dossier.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Stateless bearer-token security: no sessions, no cookies, hence no CSRF tokens. Public paths are
 * the account endpoints, the version, health, and downloads (which check a signature or the owner
 * themselves); everything else needs an access token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TokenService tokens, ProblemWriter problems)
			throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.cors((cors) -> cors.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.POST, "/api/v1/register", "/api/v1/login", "/api/v1/refresh-token")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/version", "/api/v1/files/*/content", "/actuator/health",
						"/actuator/health/**")
				.permitAll()
				.requestMatchers(HttpMethod.HEAD, "/api/v1/files/*/content")
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				boolean invalid = request.getAttribute(BearerTokenFilter.INVALID_TOKEN) != null;
				response.setHeader("WWW-Authenticate",
						invalid ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"dossier\"");
				if (invalid) {
					problems.write(request, response, Problem.INVALID_TOKEN,
							"The access token is invalid, expired or revoked. Log in again with POST /api/v1/login "
									+ "or get a new one with POST /api/v1/refresh-token.");
				}
				else {
					problems.write(request, response, Problem.UNAUTHORIZED,
							"This request needs an access token: send the header 'Authorization: Bearer "
									+ "<access_token>'. Get a token from POST /api/v1/register or POST /api/v1/login.");
				}
			})
				.accessDeniedHandler((request, response, ex) -> problems.write(request, response, Problem.FORBIDDEN,
						"Your account may not do this.")))
			.addFilterBefore(new BearerTokenFilter(tokens, problems), AuthorizationFilter.class);
		return http.build();
	}

}

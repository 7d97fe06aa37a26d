package dev.dossier.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Builds problem+json bodies, both for controllers and for filters that respond before any
 * controller runs, so that every error has the same shape.
 */
@Component
public class ProblemWriter {

	private final JsonMapper jsonMapper;

	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public ProblemDetail toDetail(Problem problem, String detail, String field, HttpServletRequest request) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), detail);
		body.setType(URI.create(problem.type()));
		body.setTitle(problem.title());
		if (request != null) {
			body.setInstance(URI.create(request.getRequestURI()));
		}
		if (field != null) {
			body.setProperty("field", field);
		}
		Object requestId = (request != null) ? request.getAttribute(RequestIdFilter.ATTRIBUTE) : null;
		if (requestId != null) {
			body.setProperty("request_id", requestId);
		}
		return body;
	}

	/** Writes a problem straight to the servlet response; used outside Spring MVC. */
	public void write(HttpServletRequest request, HttpServletResponse response, Problem problem, String detail)
			throws IOException {
		ProblemDetail body = toDetail(problem, detail, null, request);
		response.setStatus(problem.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), body);
	}

}

package dev.dossier.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.dossier.DossierApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as a separate process of this test's class path, on a free port of 127.0.0.1, for
 * tests that kill it or hold it to a small heap. Its output goes to {@code service.log} in its data
 * folder.
 */
public final class ServiceProcess {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path dataDir;

	private final List<String> jvmOptions;

	private final List<String> arguments;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Process process;

	/**
	 * @param dataDir the service's data folder
	 * @param jvmOptions options of the java command, such as {@code -Xmx64m}
	 * @param arguments Spring Boot arguments, such as {@code --dossier.cv.max-size=1MB}
	 */
	public ServiceProcess(Path dataDir, List<String> jvmOptions, List<String> arguments) throws IOException {
		this.dataDir = dataDir;
		this.jvmOptions = List.copyOf(jvmOptions);
		this.arguments = List.copyOf(arguments);
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
	}

	/** Starts the service, always on the same port, and waits until it responds. */
	public void start() throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(this.jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), DossierApplication.class.getName(),
				"--server.port=" + this.port, "--dossier.storage.data-dir=" + this.dataDir,
				"--dossier.sweeper.enabled=false"));
		command.addAll(this.arguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
			.start();
		for (int attempt = 0; attempt < 240; attempt++) {
			try {
				if (get("/api/v1/version", null).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The service exited during start-up; see " + log());
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("The service did not start within 60 s; see " + log());
	}

	/** Stops the service at once, as SIGKILL would, and waits until it is gone. */
	public void kill() throws InterruptedException {
		if (this.process != null) {
			this.process.destroyForcibly().waitFor();
		}
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	public int port() {
		return this.port;
	}

	public Path log() {
		return this.dataDir.resolve("service.log");
	}

	public String logText() throws IOException {
		return Files.readString(log(), StandardCharsets.UTF_8);
	}

	/**
	 * Returns up to 200 log lines, starting at the first that contains {@code text} (such as a
	 * request id), so that a failure message can show what the service logged for a request.
	 */
	public String logExcerpt(String text) throws IOException {
		List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return String.join("\n", lines.subList(i, Math.min(lines.size(), i + 200)));
			}
		}
		return "(nothing logged for " + text + ")";
	}

	/** Registers a user and returns its access token. */
	public String register(String username) throws Exception {
		HttpResponse<String> response = post("/api/v1/register", null, """
				{"username": "%s", "email": "%s@example.com", "password": "password of %s",
				 "password_repeat": "password of %s", "first_name": "Test", "last_name": "User"}"""
			.formatted(username, username, username, username));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("access_token").asString();
	}

	public HttpResponse<String> post(String path, String token, String body) throws Exception {
		return send(path, token, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
	}

	/** Posts raw bytes as {@code application/json}, whatever they contain. */
	public HttpResponse<String> send(String path, String token, HttpRequest.BodyPublisher body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(body);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}

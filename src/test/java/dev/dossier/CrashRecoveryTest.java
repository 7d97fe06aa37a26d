package dev.dossier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.dossier.support.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the service with SIGKILL in the middle of a 10 MiB upload and starts it again on the same
 * data folder: no temp file is left, no row lacks its bytes, and the CV is still the previous one.
 * The service runs as a separate process of this test's class path, on a free port of 127.0.0.1.
 */
class CrashRecoveryTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dataDir;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Process service;

	private int port;

	@AfterEach
	void stopService() {
		if (this.service != null) {
			this.service.destroyForcibly();
		}
	}

	@Test
	void killedUploadLeavesNothingBehind() throws Exception {
		this.port = freePort();
		start();
		String token = register();
		byte[] before = Fixtures.cvPdf();
		HttpResponse<String> first = post("/api/v1/user-operations/cv", token, uploadBody(before, "before.pdf"));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		long firstId = JSON.readTree(first.body()).get("id").asLong();

		sendHalfAndKill(token, Fixtures.textCv(7 * 1024 * 1024));
		start();

		assertThat(listFiles(this.dataDir.resolve("tmp"))).as("temp files after restart").isEmpty();
		JsonNode current = JSON.readTree(get("/api/v1/user-operations/cv", token).body());
		assertThat(current.get("id").asLong()).isEqualTo(firstId);
		JsonNode history = JSON.readTree(get("/api/v1/user-operations/cv/history", token).body());
		assertThat(history.get("items")).hasSize(1);
		HttpResponse<byte[]> download = this.http.send(
				HttpRequest.newBuilder(URI.create(current.get("url").asString())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(download.body()).isEqualTo(before);
	}

	/** Streams the first half of an upload, then kills the service while it is reading the body. */
	private void sendHalfAndKill(String token, byte[] file) throws Exception {
		byte[] body = uploadBody(file, "during.txt").getBytes(StandardCharsets.US_ASCII);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/user-operations/cv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, body.length / 2);
			out.flush();
			awaitSpoolFile();
			this.service.destroyForcibly().waitFor();
		}
	}

	private void awaitSpoolFile() throws Exception {
		for (int attempt = 0; attempt < 100; attempt++) {
			if (!listFiles(this.dataDir.resolve("tmp")).isEmpty()) {
				return;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("The upload never reached the spool folder");
	}

	private void start() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.service = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				DossierApplication.class.getName(), "--server.port=" + this.port,
				"--dossier.storage.data-dir=" + this.dataDir, "--dossier.sweeper.enabled=false")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dataDir.resolve("service.log").toFile()))
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
			if (!this.service.isAlive()) {
				throw new IllegalStateException("The service exited during start-up");
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("The service did not start within 60 s");
	}

	private String register() throws Exception {
		HttpResponse<String> response = post("/api/v1/register", null, """
				{"username": "crash", "email": "crash@example.com", "password": "crash test password",
				 "password_repeat": "crash test password", "first_name": "Crash", "last_name": "Test"}""");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("access_token").asString();
	}

	private HttpResponse<String> post(String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String uploadBody(byte[] file, String name) {
		return "{\"upload_filename\": \"" + name + "\", \"upload_content\": \""
				+ Base64.getEncoder().encodeToString(file) + "\"}";
	}

	private static List<Path> listFiles(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.toList();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

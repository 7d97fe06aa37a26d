package dev.dossier;

import java.io.IOException;
import java.io.OutputStream;
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
import dev.dossier.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the service with SIGKILL in the middle of a 10 MiB upload and starts it again on the same
 * data folder: no temp file is left, no row lacks its bytes, and the CV is still the previous one.
 * The service runs as a separate process (see {@link ServiceProcess}).
 */
class CrashRecoveryTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dataDir;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ServiceProcess service;

	@AfterEach
	void stopService() throws InterruptedException {
		if (this.service != null) {
			this.service.kill();
		}
	}

	@Test
	void killedUploadLeavesNothingBehind() throws Exception {
		this.service = new ServiceProcess(this.dataDir, List.of(), List.of());
		this.service.start();
		String token = this.service.register("crash");
		byte[] before = Fixtures.cvPdf();
		HttpResponse<String> first = this.service.post("/api/v1/user-operations/cv", token,
				uploadBody(before, "before.pdf"));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		long firstId = JSON.readTree(first.body()).get("id").asLong();

		sendHalfAndKill(token, Fixtures.textCv(7 * 1024 * 1024));
		this.service.start();

		assertThat(listFiles(this.dataDir.resolve("tmp"))).as("temp files after restart").isEmpty();
		JsonNode current = JSON.readTree(this.service.get("/api/v1/user-operations/cv", token).body());
		assertThat(current.get("id").asLong()).isEqualTo(firstId);
		JsonNode history = JSON.readTree(this.service.get("/api/v1/user-operations/cv/history", token).body());
		assertThat(history.get("items")).hasSize(1);
		HttpResponse<byte[]> download = this.http.send(
				HttpRequest.newBuilder(URI.create(current.get("url").asString())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(download.body()).isEqualTo(before);
	}

	/** Streams the first half of an upload, then kills the service while it is reading the body. */
	private void sendHalfAndKill(String token, byte[] file) throws Exception {
		byte[] body = uploadBody(file, "during.txt").getBytes(StandardCharsets.US_ASCII);
		try (Socket socket = new Socket("127.0.0.1", this.service.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/user-operations/cv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, body.length / 2);
			out.flush();
			awaitSpoolFile();
			this.service.kill();
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

}

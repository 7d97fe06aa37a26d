package dev.dossier.cv;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dossier.support.ApiTest;
import dev.dossier.support.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

class CvApiTest extends ApiTest {

	@Test
	void uploadShowsPagesAndTextLength() throws Exception {
		User user = register();

		HttpResponse<String> response = upload("cv", user.accessToken(), CvFixtures.pdf(3), "cv.pdf");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode stored = JSON.readTree(response.body());
		assertThat(stored.get("content_type").asString()).isEqualTo("application/pdf");
		assertThat(stored.get("pages").asInt()).isEqualTo(3);
		assertThat(stored.get("text_length").asInt()).isGreaterThan(90);
		assertThat(stored.get("text_truncated").asBoolean()).isFalse();
	}

	@Test
	void nameTakesExtensionOfDetectedType() throws Exception {
		User user = register();

		JsonNode pdf = JSON.readTree(upload("cv", user.accessToken(), Fixtures.cvPdf(), "resume.docx").body());
		JsonNode text = JSON.readTree(upload("cv", user.accessToken(), Fixtures.textCv(300), "My CV").body());

		assertThat(pdf.get("filename").asString()).isEqualTo("resume.pdf");
		assertThat(text.get("filename").asString()).isEqualTo("My CV.txt");
		HttpResponse<byte[]> download = download(text.get("url").asString(), null);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(download.headers().firstValue("Content-Disposition")).hasValue(
				"attachment; filename=\"My CV.txt\"; filename*=UTF-8''My%20CV.txt");
	}

	@Test
	void shortWindows1252TextGetsUtf8Advice() throws Exception {
		User user = register();
		// So many bytes above 0x7F that Tika does not take the file for text.
		byte[] text = "\u00c9tudes \u00e0 Gen\u00e8ve, \u00e9t\u00e9 1998 \u2013 Z\u00fcrich, K\u00f6ln, M\u00e1laga; "
			.concat("r\u00e9seaux, s\u00e9curit\u00e9, \u201cprojets\u201d.")
			.getBytes(Charset.forName("windows-1252"));

		JsonNode problem = assertProblem(upload("cv", user.accessToken(), text, "cv.txt"), 422);

		assertThat(problem.get("detail").asString()).contains("not valid UTF-8").contains("Windows-1252");
	}

	@Test
	void textEndpointReturnsPlainUtf8() throws Exception {
		User user = register();
		String cv = "Zoë Example, développeuse, 日本語 🙂\n";
		upload("cv", user.accessToken(), cv.getBytes(StandardCharsets.UTF_8), "cv.txt");

		HttpResponse<String> text = get("/api/v1/user-operations/cv/text", user.accessToken());

		assertThat(text.statusCode()).isEqualTo(200);
		assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(text.body()).isEqualTo(cv);
		JsonNode current = JSON.readTree(get("/api/v1/user-operations/cv", user.accessToken()).body());
		assertThat(current.get("text_length").asInt()).isEqualTo(cv.codePointCount(0, cv.length()));
		assertThat(current.get("pages").isNull()).isTrue();
	}

	@Test
	void textEndpointFollowsCurrentCv() throws Exception {
		User user = register();
		upload("cv", user.accessToken(), CvFixtures.pdf(1), "old.pdf");
		upload("cv", user.accessToken(), CvFixtures.docx("Jane Example, second version"), "new.docx");

		HttpResponse<String> text = get("/api/v1/user-operations/cv/text", user.accessToken());

		assertThat(text.body()).contains("Jane Example, second version").doesNotContain("Page 1");
	}

	@Test
	void odtHeadingsKeepTheirLine() throws Exception {
		User user = register();
		var parts = CvFixtures.odtParts("unused");
		parts.put("content.xml", CvFixtures.utf8("""
				<?xml version="1.0" encoding="UTF-8"?>
				<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
				xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
				  <office:body>
				    <office:text>
				      <text:h text:outline-level="1">Experience</text:h>
				      <text:p>Senior Developer</text:p>
				      <text:list>
				        <text:list-item>
				          <text:p>Java</text:p>
				        </text:list-item>
				      </text:list>
				    </office:text>
				  </office:body>
				</office:document-content>"""));
		upload("cv", user.accessToken(), CvFixtures.zip(parts), "cv.odt");

		String text = get("/api/v1/user-operations/cv/text", user.accessToken()).body();

		assertThat(text).contains("Experience\nSenior Developer\n").contains("Java");
		assertThat(text.lines()).noneMatch((line) -> !line.isEmpty() && line.isBlank());
	}

	@Test
	void textEndpointWithoutCvIsNotFound() throws Exception {
		User user = register();

		HttpResponse<String> response = get("/api/v1/user-operations/cv/text", user.accessToken());

		JsonNode problem = assertProblem(response, 404);
		assertThat(problem.get("detail").asString()).contains("POST /api/v1/user-operations/cv");
	}

	@Test
	void textEndpointAfterDeleteIsNotFound() throws Exception {
		User user = register();
		upload("cv", user.accessToken(), CvFixtures.pdf(1), "cv.pdf");
		assertThat(delete("/api/v1/user-operations/cv", user.accessToken()).statusCode()).isEqualTo(204);

		assertProblem(get("/api/v1/user-operations/cv/text", user.accessToken()), 404);
	}

	@Test
	void textEndpointRequiresToken() throws Exception {
		assertProblem(get("/api/v1/user-operations/cv/text", null), 401);
	}

	@Test
	void longTextIsCutAndMarked() throws Exception {
		User user = register();

		HttpResponse<String> response = upload("cv", user.accessToken(), Fixtures.textCv(3 * 1024 * 1024), "cv.txt");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode stored = JSON.readTree(response.body());
		assertThat(stored.get("size").asLong()).isEqualTo(3 * 1024 * 1024);
		assertThat(stored.get("text_truncated").asBoolean()).isTrue();
		assertThat(stored.get("text_length").asInt()).isEqualTo(1024 * 1024);
		HttpResponse<String> text = get("/api/v1/user-operations/cv/text", user.accessToken());
		assertThat(text.body()).hasSize(1024 * 1024).startsWith("Jane Example, software engineer.");
	}

	@Test
	void historyAndProfileShowDetails() throws Exception {
		User user = register();
		upload("cv", user.accessToken(), CvFixtures.docx("Jane Example"), "cv.docx");
		upload("cv", user.accessToken(), CvFixtures.pdf(2), "cv.pdf");

		JsonNode history = JSON.readTree(get("/api/v1/user-operations/cv/history", user.accessToken()).body());
		JsonNode profile = JSON.readTree(get("/api/v1/profile", user.accessToken()).body());

		assertThat(history.get("items")).hasSize(2);
		assertThat(history.get("items").get(0).get("pages").asInt()).isEqualTo(2);
		assertThat(history.get("items").get(1).get("pages").asInt()).isEqualTo(3);
		assertThat(history.get("items").get(1).get("content_type").asString()).isEqualTo(CvFixtures.DOCX_TYPE);
		assertThat(history.get("items").get(1).get("text_truncated").asBoolean()).isFalse();
		assertThat(profile.get("cv").get("pages").asInt()).isEqualTo(2);
		assertThat(profile.get("cv").get("text_length").asInt()).isPositive();
	}

	@Test
	void archiveBombIsRejectedReadably() throws Exception {
		User user = register();
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		parts.put("word/document.xml", CvFixtures.utf8(CvFixtures.docxBody("A".repeat(16 * 1024 * 1024))));

		HttpResponse<String> response = upload("cv", user.accessToken(), CvFixtures.zip(parts), "cv.docx");

		JsonNode problem = assertProblem(response, 422);
		assertThat(problem.get("detail").asString()).startsWith("The DOCX contains a part (word/document.xml)")
			.contains("archive bomb");
		assertThat(problem.get("field").asString()).isEqualTo("upload_content");
		assertThat(get("/api/v1/user-operations/cv/history", user.accessToken()).body()).isEqualTo("{\"items\":[]}");
		assertThat(spoolFileCount()).isZero();
	}

	@Test
	void spreadsheetIsRejectedWithAcceptedTypes() throws Exception {
		User user = register();
		Map<String, byte[]> parts = CvFixtures.docxParts("Jane Example");
		parts.put("[Content_Types].xml", CvFixtures.utf8(new String(parts.get("[Content_Types].xml"),
				StandardCharsets.UTF_8)
			.replace("/word/document.xml", "/xl/workbook.xml")
			.replace("wordprocessingml.document.main+xml", "spreadsheetml.sheet.main+xml")));
		parts.put("_rels/.rels", CvFixtures.utf8(new String(parts.get("_rels/.rels"), StandardCharsets.UTF_8)
			.replace("word/document.xml", "xl/workbook.xml")));
		parts.put("xl/workbook.xml", parts.remove("word/document.xml"));

		HttpResponse<String> response = upload("cv", user.accessToken(), CvFixtures.zip(parts), "cv.docx");

		JsonNode problem = assertProblem(response, 415);
		assertThat(problem.get("detail").asString()).contains("an Excel spreadsheet")
			.contains("PDF, DOCX, DOC, ODT, RTF or plain text");
	}

}

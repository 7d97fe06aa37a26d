package dev.dossier.cv;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the page count and text kept beside each stored CV; plain SQL for SQLite and PostgreSQL. */
@Repository
class CvDocumentRepository {

	// Deleting a CV marks only its file row deleted, so the API stops serving the text at once. The
	// text row goes when the sweeper removes the file row after its grace period (ON DELETE CASCADE).

	private final JdbcClient jdbc;

	CvDocumentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the row of a stored CV; the caller runs it in the transaction that inserts the file row. */
	void insert(long fileId, CvText text) {
		this.jdbc
			.sql("INSERT INTO cv_documents (file_id, pages, text, text_length, text_truncated) VALUES (?, ?, ?, ?, ?)")
			.params(fileId, text.pages(), text.text(), text.length(), text.truncated())
			.update();
	}

	/** Everything but the text itself, for the JSON view of a CV. */
	Optional<Summary> findSummary(long fileId) {
		return this.jdbc.sql("SELECT pages, text_length, text_truncated FROM cv_documents WHERE file_id = ?")
			.param(fileId)
			.query((rs, row) -> {
				int pages = rs.getInt("pages");
				return new Summary(rs.wasNull() ? null : pages, rs.getInt("text_length"),
						rs.getBoolean("text_truncated"));
			})
			.optional();
	}

	Optional<String> findText(long fileId) {
		return this.jdbc.sql("SELECT text FROM cv_documents WHERE file_id = ?")
			.param(fileId)
			.query(String.class)
			.optional();
	}

	/**
	 * @param pages page count, or {@code null} when the document records none
	 * @param textLength length of the text in Unicode code points
	 */
	record Summary(Integer pages, int textLength, boolean textTruncated) {
	}

}

package dev.dossier.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for stored files and each account's current file pointers; plain SQL for SQLite and PostgreSQL. */
@Repository
class StoredFileRepository {

	private static final String COLUMNS = "id, account_id, kind, blob_key, content_type, size, sha256, filename, "
			+ "created_at, deleted_at";

	private static final RowMapper<StoredFile> MAPPER = StoredFileRepository::map;

	private final JdbcClient jdbc;

	StoredFileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(long accountId, FileKind kind, String blobKey, String contentType, long size, String sha256,
			String filename, Instant createdAt) {
		return this.jdbc
			.sql("INSERT INTO stored_files (account_id, kind, blob_key, content_type, size, sha256, filename, created_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
			.params(accountId, kind.id(), blobKey, contentType, size, sha256, filename, createdAt.toEpochMilli())
			.query(Long.class)
			.single();
	}

	/** Bytes of the account's files that are not deleted, with their variants. */
	long usedBytes(long accountId) {
		return this.jdbc
			.sql("SELECT COALESCE(SUM(f.size), 0) + COALESCE((SELECT SUM(v.size) FROM avatar_variants v "
					+ "JOIN stored_files g ON g.id = v.file_id WHERE g.account_id = ? AND g.deleted_at IS NULL), 0) "
					+ "FROM stored_files f WHERE f.account_id = ? AND f.deleted_at IS NULL")
			.params(accountId, accountId)
			.query(Long.class)
			.single();
	}

	void setCurrent(long accountId, FileKind kind, long fileId) {
		this.jdbc
			.sql("INSERT INTO current_files (account_id, kind, file_id) VALUES (?, ?, ?) "
					+ "ON CONFLICT (account_id, kind) DO UPDATE SET file_id = excluded.file_id")
			.params(accountId, kind.id(), fileId)
			.update();
	}

	Optional<StoredFile> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM stored_files WHERE id = ?").param(id).query(MAPPER).optional();
	}

	Optional<StoredFile> findCurrent(long accountId, FileKind kind) {
		return this.jdbc
			.sql("SELECT f." + COLUMNS.replace(", ", ", f.") + " FROM current_files c "
					+ "JOIN stored_files f ON f.id = c.file_id "
					+ "WHERE c.account_id = ? AND c.kind = ? AND f.deleted_at IS NULL")
			.params(accountId, kind.id())
			.query(MAPPER)
			.optional();
	}

	List<StoredFile> findLive(long accountId, FileKind kind) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM stored_files "
					+ "WHERE account_id = ? AND kind = ? AND deleted_at IS NULL ORDER BY id DESC")
			.params(accountId, kind.id())
			.query(MAPPER)
			.list();
	}

	/** Marks a file deleted and drops it as current; returns false when it was not live. */
	boolean markDeleted(long fileId, Instant when) {
		int updated = this.jdbc.sql("UPDATE stored_files SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
			.params(when.toEpochMilli(), fileId)
			.update();
		this.jdbc.sql("DELETE FROM current_files WHERE file_id = ?").param(fileId).update();
		return updated == 1;
	}

	private static StoredFile map(ResultSet rs, int row) throws SQLException {
		long deleted = rs.getLong("deleted_at");
		Instant deletedAt = rs.wasNull() ? null : Instant.ofEpochMilli(deleted);
		return new StoredFile(rs.getLong("id"), rs.getLong("account_id"), FileKind.fromId(rs.getString("kind")),
				rs.getString("blob_key"), rs.getString("content_type"), rs.getLong("size"), rs.getString("sha256"),
				rs.getString("filename"), Instant.ofEpochMilli(rs.getLong("created_at")), deletedAt);
	}

}

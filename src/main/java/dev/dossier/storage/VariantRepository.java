package dev.dossier.storage;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the derived images of stored files (today only avatar squares); SQLite and PostgreSQL alike. */
@Repository
class VariantRepository {

	private static final String COLUMNS = "file_id, variant, blob_key, content_type, size, sha256, width, height";

	private static final RowMapper<StoredVariant> MAPPER = (rs, row) -> new StoredVariant(rs.getLong("file_id"),
			rs.getString("variant"), rs.getString("blob_key"), rs.getString("content_type"), rs.getLong("size"),
			rs.getString("sha256"), rs.getInt("width"), rs.getInt("height"));

	private final JdbcClient jdbc;

	VariantRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredVariant variant) {
		this.jdbc.sql("INSERT INTO avatar_variants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(variant.fileId(), variant.name(), variant.blobKey(), variant.contentType(), variant.size(),
					variant.sha256(), variant.width(), variant.height())
			.update();
	}

	/** Variants of one file; numeric names sort by value ("64" before "128"). */
	List<StoredVariant> findByFile(long fileId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM avatar_variants WHERE file_id = ? ORDER BY length(variant), variant")
			.param(fileId)
			.query(MAPPER)
			.list();
	}

	Optional<StoredVariant> find(long fileId, String name) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM avatar_variants WHERE file_id = ? AND variant = ?")
			.params(fileId, name)
			.query(MAPPER)
			.optional();
	}

}

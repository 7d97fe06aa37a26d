-- Square variants of an avatar (64, 128, 256 and 512 px), each a content-addressed blob of its
-- own. Rows are inserted in the transaction of their stored_files row, after every blob is durable,
-- and go away with that row when a purge deletes it.
CREATE TABLE avatar_variants (
    file_id      BIGINT  NOT NULL REFERENCES stored_files (id) ON DELETE CASCADE,
    variant      TEXT    NOT NULL,
    blob_key     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    sha256       TEXT    NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    PRIMARY KEY (file_id, variant)
);
CREATE INDEX avatar_variants_blob ON avatar_variants (blob_key);

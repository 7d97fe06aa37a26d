-- Page count and extracted text of each stored CV, written in the same transaction as the file
-- row. CVs uploaded before this table existed have no row.
CREATE TABLE cv_documents (
    file_id        INTEGER PRIMARY KEY REFERENCES stored_files (id) ON DELETE CASCADE,
    -- NULL when the document records no page count (text, RTF, some DOCX and ODT)
    pages          INTEGER,
    -- plain text cut at dossier.cv.max-text-size (UTF-8 bytes) or the extraction time limit
    text           TEXT    NOT NULL,
    -- length of text in Unicode code points
    text_length    INTEGER NOT NULL,
    text_truncated INTEGER NOT NULL CHECK (text_truncated IN (0, 1))
);

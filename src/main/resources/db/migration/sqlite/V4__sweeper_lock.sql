-- One row per background job; a node runs the job only while it holds the row's lease, so that
-- several nodes never sweep at the same time.
CREATE TABLE job_leases (
    name         TEXT    PRIMARY KEY,
    holder       TEXT,
    leased_until INTEGER NOT NULL
);
INSERT INTO job_leases (name, holder, leased_until) VALUES ('blob-sweeper', NULL, 0);
